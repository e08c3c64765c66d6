package io.ecgmon.monitor;

import io.ecgmon.avro.Alert;
import io.ecgmon.avro.Classification;
import io.ecgmon.avro.DeadLetter;
import io.ecgmon.features.FeatureSpec;
import io.ecgmon.inference.Classifier;
import io.ecgmon.serde.AvroDeserializer;
import io.ecgmon.serde.AvroSerdeConfig;
import io.ecgmon.serde.AvroSerializer;
import io.ecgmon.window.SegmentValidator;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The monitor's topology, built by a pure function of its configuration and classifier (what the
 * application runs and what the TopologyTestDriver tests drive):
 *
 * <pre>
 *   segments (bytes) --> monitor --+--> classifications
 *                          ^       +--> alerts
 *   patient-info (bytes) --+-------+--> dead letters
 *        \--> patient-info --> [patient-info store]
 * </pre>
 *
 * Both inputs are read as bytes and decoded inside the processors, so every bad record becomes a
 * dead letter in the same transaction as the rest of the task's output.
 */
public final class MonitorTopology {

  public static final String SEGMENTS_SOURCE = "segments-source";
  public static final String PATIENT_INFO_SOURCE = "patient-info-source";
  public static final String MONITOR = "monitor";
  public static final String PATIENT_INFO = "patient-info";
  public static final String CLASSIFICATIONS_SINK = "classifications-sink";
  public static final String ALERTS_SINK = "alerts-sink";
  public static final String DEAD_LETTERS_SINK = "dead-letters-sink";
  public static final String SEGMENTS_STORE = "segments";
  public static final String PATIENTS_STORE = "patients";
  public static final String ALERTS_STORE = "alert-states";
  public static final String PATIENT_INFO_STORE = "patient-info";

  /** What the processors need, derived once from the configuration and the model's feature spec. */
  public record Settings(
      FeatureSpec spec,
      String applicationId,
      String segmentsTopic,
      String patientInfoTopic,
      double windowSeconds,
      double hopSeconds,
      double graceSeconds,
      double minCoverage,
      long idleTimeoutMs,
      int maxSegmentsPerPatient,
      int batchMaxSize,
      long batchMaxWaitMs,
      int alertConsecutive) {

    public int windowSamples(int rateHz) {
      return (int) Math.round(windowSeconds * rateHz);
    }

    public long hopSamples(int rateHz) {
      return Math.round(hopSeconds * rateHz);
    }

    public long graceSamples(int rateHz) {
      return Math.round(graceSeconds * rateHz);
    }

    static Settings of(MonitorConfig config, FeatureSpec spec) {
      double modelSeconds = (double) spec.windowSamples() / spec.sampleRateHz();
      Double window = config.windowSeconds();
      if (window != null && Math.abs(window - modelSeconds) > 1e-9) {
        throw new ConfigException(MonitorConfig.WINDOW_SECONDS, window, "the model takes " + modelSeconds
            + " s windows (" + spec.windowSamples() + " samples at " + spec.sampleRateHz() + " Hz)");
      }
      double hop = config.hopSeconds();
      if (Math.abs(hop * spec.sampleRateHz() - Math.rint(hop * spec.sampleRateHz())) > 1e-9) {
        throw new ConfigException(MonitorConfig.HOP_SECONDS, hop, "must be a whole number of samples at "
            + spec.sampleRateHz() + " Hz");
      }
      return new Settings(spec, config.applicationId(), config.segmentsTopic(), config.patientInfoTopic(),
          modelSeconds, hop, config.graceSeconds(), config.minCoverage(), config.idleTimeoutMs(),
          config.maxSegmentsPerPatient(), config.batchMaxSize(), config.batchMaxWaitMs(),
          config.alertConsecutive());
    }
  }

  private MonitorTopology() {}

  /**
   * @param spec the feature spec the classifier's model was verified against
   *     ({@code ModelCard.verifiedFeatureSpec})
   */
  public static Topology build(MonitorConfig config, Classifier classifier, FeatureSpec spec,
      MonitorMetrics metrics) {
    Settings settings = Settings.of(config, spec);
    Map<String, Object> serde = new HashMap<>(config.asMap());
    serde.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
    SegmentValidator.Limits limits = new SegmentValidator.Limits(spec.sampleRateHz(), config.maxSampleRateHz(),
        config.maxSegmentSeconds(), config.maxSegmentBytes());

    Topology t = new Topology();
    t.addSource(SEGMENTS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.segmentsTopic());
    t.addSource(PATIENT_INFO_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
        config.patientInfoTopic());
    t.addProcessor(PATIENT_INFO, () -> new PatientInfoProcessor(settings, metrics, deserializer(serde)),
        PATIENT_INFO_SOURCE);
    t.addProcessor(MONITOR, () -> new MonitorProcessor(settings, classifier, metrics,
        () -> new SegmentValidator(deserializer(serde), spec.leads(), limits)), SEGMENTS_SOURCE);
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PATIENT_INFO_STORE),
        Serdes.String(), Serdes.ByteArray()), PATIENT_INFO, MONITOR);
    for (String store : new String[] {SEGMENTS_STORE, PATIENTS_STORE, ALERTS_STORE}) {
      t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(),
          Serdes.ByteArray()), MONITOR);
    }
    t.addSink(CLASSIFICATIONS_SINK, config.classificationsTopic(), new StringSerializer(),
        MonitorTopology.<Classification>serializer(serde), MONITOR);
    t.addSink(ALERTS_SINK, config.alertsTopic(), new StringSerializer(), MonitorTopology.<Alert>serializer(serde),
        MONITOR);
    t.addSink(DEAD_LETTERS_SINK, config.deadLettersTopic(), new ByteArraySerializer(),
        MonitorTopology.<DeadLetter>serializer(serde), MONITOR, PATIENT_INFO);
    return t;
  }

  private static Deserializer<Object> deserializer(Map<String, Object> serde) {
    AvroDeserializer<Object> d = new AvroDeserializer<>();
    d.configure(serde, false);
    return d;
  }

  @SuppressWarnings("unchecked")
  private static <T> Serializer<Object> serializer(Map<String, Object> serde) {
    AvroSerializer<T> s = new AvroSerializer<>();
    s.configure(serde, false);
    return (Serializer<Object>) (Serializer<?>) s;
  }
}
