package io.ecgmon.monitor;

import io.ecgmon.config.ClientConfig;
import io.ecgmon.config.KafkaClientOptions;
import io.ecgmon.deadletter.DeadLetterHandler;
import io.ecgmon.inference.Provider;
import io.ecgmon.inference.ShippedModel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The monitor's configuration: Kafka Streams, consumer, producer and serde settings by their standard
 * names, and ecgmon's own settings under {@code ecgmon.*}. Built from {@link ClientConfig}'s layers
 * (defaults < file < {@code ECGMON_*} environment < {@code --property}); every ecgmon key can also be
 * set from the environment without repeating the prefix: {@code ECGMON_WINDOW_SECONDS} as well as
 * {@code ECGMON_ECGMON_WINDOW_SECONDS} sets {@code ecgmon.window.seconds}.
 */
public final class MonitorConfig {

  public static final String TOPIC_SEGMENTS = "ecgmon.topic.segments";
  public static final String TOPIC_PATIENT_INFO = "ecgmon.topic.patient.info";
  public static final String TOPIC_CLASSIFICATIONS = "ecgmon.topic.classifications";
  public static final String TOPIC_ALERTS = "ecgmon.topic.alerts";
  /** Kafka Streams' own name for the dead-letter topic (KIP-1034). */
  public static final String TOPIC_DEAD_LETTERS = StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG;
  public static final String WINDOW_SECONDS = "ecgmon.window.seconds";
  public static final String HOP_SECONDS = "ecgmon.hop.seconds";
  public static final String GRACE_SECONDS = "ecgmon.grace.seconds";
  public static final String MIN_COVERAGE = "ecgmon.min.coverage";
  public static final String IDLE_TIMEOUT_MS = "ecgmon.idle.timeout.ms";
  public static final String MAX_SEGMENTS_PER_PATIENT = "ecgmon.max.segments.per.patient";
  public static final String MAX_SAMPLE_RATE_HZ = "ecgmon.max.sample.rate.hz";
  public static final String MAX_SEGMENT_SECONDS = "ecgmon.max.segment.seconds";
  public static final String MAX_SEGMENT_BYTES = "ecgmon.max.segment.bytes";
  public static final String BATCH_MAX_SIZE = "ecgmon.batch.max.size";
  public static final String BATCH_MAX_WAIT_MS = "ecgmon.batch.max.wait.ms";
  public static final String ALERT_CONSECUTIVE = "ecgmon.alert.consecutive";
  public static final String MODEL_PATH = "ecgmon.model.path";
  public static final String INFERENCE_PROVIDER = "ecgmon.inference.provider";
  public static final String INFERENCE_THREADS = "ecgmon.inference.threads";
  public static final String HTTP_PORT = "ecgmon.http.port";

  /** Every ecgmon key with its default and meaning (also what {@code --help} lists). */
  public static final Map<String, String[]> ECGMON_KEYS = new LinkedHashMap<>();

  static {
    key(TOPIC_SEGMENTS, "ecg-segments", "input: EcgSegment records keyed by patient id");
    key(TOPIC_PATIENT_INFO, "patient-info", "input table: PatientInfo, compacted, same partition count as segments");
    key(TOPIC_CLASSIFICATIONS, "classifications", "output: one Classification per window");
    key(TOPIC_ALERTS, "alerts", "output: Alert on ONSET/UPDATE/RESOLVED");
    key(WINDOW_SECONDS, "", "window length; empty = the model's input length (feature spec), anything else must equal it");
    key(HOP_SECONDS, "5", "a window starts every hop (sample index grid of the recording)");
    key(GRACE_SECONDS, "5", "how far (in recording time) past a window's end out-of-order segments are still waited for");
    key(MIN_COVERAGE, "0.8", "fraction of a window's samples needed to classify it when it has gaps");
    key(IDLE_TIMEOUT_MS, "120000", "wall-clock time without segments after which a patient's state is flushed and dropped");
    key(MAX_SEGMENTS_PER_PATIENT, "2000", "bound of buffered segments per patient (more are dead-lettered)");
    key(MAX_SAMPLE_RATE_HZ, "2000", "highest plausible sample rate");
    key(MAX_SEGMENT_SECONDS, "60", "longest plausible segment");
    key(MAX_SEGMENT_BYTES, "4194304", "largest accepted segment record value");
    key(BATCH_MAX_SIZE, "32", "windows per model run at most");
    key(BATCH_MAX_WAIT_MS, "50", "a window waits at most about this long for its batch to fill");
    key(ALERT_CONSECUTIVE, "3", "K: consecutive windows above (below) threshold to raise (resolve) a class");
    key(MODEL_PATH, "", "the ONNX model with its card in metadata_props; unset = model/ecgmon-ptbxl.onnx in the "
        + "working directory, else the copy packaged in the jar");
    key(INFERENCE_PROVIDER, "cpu", "cpu or cuda (cuda falls back to cpu with one log line when unavailable)");
    key(INFERENCE_THREADS, "1", "ONNX Runtime intra-op threads (0 = one per core)");
    key(HTTP_PORT, "8080", "port of /metrics and /health/*; 0 = any free port, -1 = no HTTP server");
  }

  private static void key(String name, String value, String doc) {
    ECGMON_KEYS.put(name, new String[] {value, doc});
  }

  /** Defaults of every layer below the file: ecgmon keys and the Streams settings ecgmon relies on. */
  public static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(StreamsConfig.APPLICATION_ID_CONFIG, "ecgmon-monitor");
    d.putAll(KafkaClientOptions.defaults());
    d.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // Two stream threads: with one, every exactly-once commit (flush, offsets, end of transaction) stalls
    // the thread that also runs the model, and segments queue behind it. Measured with `ecgmon bench`
    // (300 patients, 2 cores): latency p50/p99 415/1465 ms with one thread, 181/613 ms with two.
    d.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2");
    d.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
    d.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
    d.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
    // the topology has no global store; this is Kafka 5's default, and without it Streams warns at every start
    d.put("processing.exception.handler.global.enabled", "true");
    d.put(TOPIC_DEAD_LETTERS, "ecgmon-monitor-dead-letters");
    ECGMON_KEYS.forEach((k, v) -> {
      if (!v[0].isEmpty()) {
        d.put(k, v[0]);
      }
    });
    return d;
  }

  /**
   * The environment layer: ClientConfig's mapping, plus {@code ECGMON_<KEY>} for {@code ecgmon.<key>}
   * when {@code ecgmon.<key>} is an ecgmon setting.
   */
  public static Map<String, String> environment(Map<String, String> env) {
    Map<String, String> out = new HashMap<>();
    env.forEach((name, value) -> {
      if (!name.startsWith(ClientConfig.ENV_PREFIX)) {
        return;
      }
      String property = ClientConfig.fromEnvironment(Map.of(name, value)).stringPropertyNames().iterator().next();
      if (ECGMON_KEYS.containsKey("ecgmon." + property)) {
        out.put(ClientConfig.environmentName("ecgmon." + property), value);
      } else {
        out.put(name, value);
      }
    });
    return out;
  }

  /** Loads the layers: defaults < file < environment < overrides. */
  public static MonitorConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
    return new MonitorConfig(ClientConfig.load(defaults(), file, environment(env), overrides));
  }

  private final Properties props;

  public MonitorConfig(Properties props) {
    Properties p = new Properties();
    p.putAll(defaults());
    p.putAll(props);
    this.props = p;
    validate();
  }

  private void validate() {
    positive(HOP_SECONDS, hopSeconds());
    if (graceSeconds() < 0) {
      throw new ConfigException(GRACE_SECONDS, graceSeconds(), "must be >= 0");
    }
    if (!(minCoverage() > 0 && minCoverage() <= 1)) {
      throw new ConfigException(MIN_COVERAGE, minCoverage(), "must be in (0, 1]");
    }
    positive(IDLE_TIMEOUT_MS, idleTimeoutMs());
    positive(BATCH_MAX_SIZE, batchMaxSize());
    positive(BATCH_MAX_WAIT_MS, batchMaxWaitMs());
    positive(ALERT_CONSECUTIVE, alertConsecutive());
    positive(MAX_SEGMENTS_PER_PATIENT, maxSegmentsPerPatient());
    inferenceProvider();
  }

  private static void positive(String key, double v) {
    if (!(v > 0)) {
      throw new ConfigException(key, v, "must be > 0");
    }
  }

  public String get(String key) {
    return props.getProperty(key);
  }

  private double number(String key) {
    String v = props.getProperty(key);
    try {
      return Double.parseDouble(v.trim());
    } catch (RuntimeException e) {
      throw new ConfigException(key, v, "must be a number");
    }
  }

  private int integer(String key) {
    String v = props.getProperty(key);
    try {
      return Integer.parseInt(v.trim());
    } catch (RuntimeException e) {
      throw new ConfigException(key, v, "must be an integer");
    }
  }

  public String segmentsTopic() {
    return get(TOPIC_SEGMENTS);
  }

  public String patientInfoTopic() {
    return get(TOPIC_PATIENT_INFO);
  }

  public String classificationsTopic() {
    return get(TOPIC_CLASSIFICATIONS);
  }

  public String alertsTopic() {
    return get(TOPIC_ALERTS);
  }

  public String deadLettersTopic() {
    return get(TOPIC_DEAD_LETTERS);
  }

  public String applicationId() {
    return get(StreamsConfig.APPLICATION_ID_CONFIG);
  }

  /** Null when unset: the model's own input length is used. */
  public Double windowSeconds() {
    String v = get(WINDOW_SECONDS);
    return v == null || v.isBlank() ? null : number(WINDOW_SECONDS);
  }

  public double hopSeconds() {
    return number(HOP_SECONDS);
  }

  public double graceSeconds() {
    return number(GRACE_SECONDS);
  }

  public double minCoverage() {
    return number(MIN_COVERAGE);
  }

  public long idleTimeoutMs() {
    return (long) number(IDLE_TIMEOUT_MS);
  }

  public int maxSegmentsPerPatient() {
    return integer(MAX_SEGMENTS_PER_PATIENT);
  }

  public int maxSampleRateHz() {
    return integer(MAX_SAMPLE_RATE_HZ);
  }

  public int maxSegmentSeconds() {
    return integer(MAX_SEGMENT_SECONDS);
  }

  public int maxSegmentBytes() {
    return integer(MAX_SEGMENT_BYTES);
  }

  public int batchMaxSize() {
    return integer(BATCH_MAX_SIZE);
  }

  public long batchMaxWaitMs() {
    return (long) number(BATCH_MAX_WAIT_MS);
  }

  public int alertConsecutive() {
    return integer(ALERT_CONSECUTIVE);
  }

  /** The configured model file, or the shipped model ({@link ShippedModel#locate()}) when none is set. */
  public Path modelPath() {
    String v = get(MODEL_PATH);
    return v == null || v.isBlank() ? ShippedModel.locate() : Path.of(v);
  }

  public Provider inferenceProvider() {
    return Provider.parse(get(INFERENCE_PROVIDER));
  }

  public int inferenceThreads() {
    return integer(INFERENCE_THREADS);
  }

  public int httpPort() {
    return integer(HTTP_PORT);
  }

  /** Everything, for Kafka Streams and the serdes (they ignore keys they do not know). */
  public Properties properties() {
    Properties p = new Properties();
    p.putAll(props);
    return p;
  }

  public Map<String, Object> asMap() {
    return ClientConfig.toMap(props);
  }
}
