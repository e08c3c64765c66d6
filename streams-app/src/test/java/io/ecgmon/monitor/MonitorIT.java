package io.ecgmon.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.ecgmon.avro.Classification;
import io.ecgmon.avro.DeadLetter;
import io.ecgmon.avro.EcgSegment;
import io.ecgmon.avro.PatientInfo;
import io.ecgmon.avro.Sex;
import io.ecgmon.broker.TestKafka;
import io.ecgmon.features.FeatureSpec;
import io.ecgmon.features.MetadataFeatures;
import io.ecgmon.features.SignalFeatures;
import io.ecgmon.features.WindowFeatures;
import io.ecgmon.registry.server.SchemaRegistryServer;
import io.ecgmon.serde.AvroDeserializer;
import io.ecgmon.serde.AvroSerializer;
import io.ecgmon.testkit.SyntheticEcg;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitor on a real broker (local-stack's TestKafka) with the real schema registry server and the
 * shipped model: classifications equal an offline ONNX Runtime run on windows computed independently
 * from the synthetic signal, and a restart mid-stream loses and repeats nothing (read_committed).
 */
class MonitorIT {

  static final Path MODEL = Path.of("..", "model", "ecgmon-ptbxl.onnx");
  static final long EPOCH = 1_700_000_000_000L;
  static String bootstrap;
  static SchemaRegistryServer registry;

  @BeforeAll
  static void start() throws Exception {
    bootstrap = TestKafka.bootstrapServers();
    registry = SchemaRegistryServer.start(Map.of("bootstrap.servers", bootstrap), "localhost", 0,
        "_schemas-" + UUID.randomUUID());
  }

  @AfterAll
  static void stop() throws Exception {
    registry.close();
  }

  /** Topic names and app settings of one test, on fresh topics. */
  static Map<String, String> fresh(String name, int partitions) throws Exception {
    String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> p = new HashMap<>();
    p.put("application.id", "it-" + id);
    p.put("bootstrap.servers", bootstrap);
    p.put("schema.registry.url", registry.url());
    p.put("state.dir", Files.createTempDirectory("ecgmon-it-").toString());
    p.put(MonitorConfig.TOPIC_SEGMENTS, "segments-" + id);
    p.put(MonitorConfig.TOPIC_PATIENT_INFO, "patient-info-" + id);
    p.put(MonitorConfig.TOPIC_CLASSIFICATIONS, "classifications-" + id);
    p.put(MonitorConfig.TOPIC_ALERTS, "alerts-" + id);
    p.put(MonitorConfig.TOPIC_DEAD_LETTERS, "dead-letters-" + id);
    p.put(MonitorConfig.MODEL_PATH, MODEL.toString());
    p.put(MonitorConfig.HTTP_PORT, "0");
    p.put(MonitorConfig.BATCH_MAX_SIZE, "8");
    p.put("replication.factor", "1");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(
          new NewTopic(p.get(MonitorConfig.TOPIC_SEGMENTS), partitions, (short) 1),
          new NewTopic(p.get(MonitorConfig.TOPIC_PATIENT_INFO), partitions, (short) 1),
          new NewTopic(p.get(MonitorConfig.TOPIC_CLASSIFICATIONS), 1, (short) 1),
          new NewTopic(p.get(MonitorConfig.TOPIC_ALERTS), 1, (short) 1),
          new NewTopic(p.get(MonitorConfig.TOPIC_DEAD_LETTERS), 1, (short) 1))).all().get();
    }
    return p;
  }

  static KafkaProducer<String, Object> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
    p.put("schema.registry.url", registry.url());
    return new KafkaProducer<>(p);
  }

  /** Everything committed on a topic until {@code done} holds (or 90 s pass). */
  static List<Object> readCommitted(String topic, Predicate<List<Object>> done) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class);
    p.put("schema.registry.url", registry.url());
    p.put("specific.avro.reader", "true");
    List<Object> out = new ArrayList<>();
    try (KafkaConsumer<String, Object> c = new KafkaConsumer<>(p)) {
      c.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 90_000;
      while (!done.test(out) && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, Object> r : c.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
      }
      // a little longer: anything extra (a duplicate) would show up now
      long settle = System.currentTimeMillis() + 2_000;
      while (System.currentTimeMillis() < settle) {
        c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
      }
    }
    return out;
  }

  static void produce(KafkaProducer<String, Object> producer, String topic, String patient, int seed, int rate,
      int fromSecond, int toSecond) {
    SyntheticEcg ecg = new SyntheticEcg(seed);
    for (int s = fromSecond; s < toSecond; s++) {
      EcgSegment seg = ecg.segment(patient, "rec-" + patient, rate, (long) s * rate, rate, EPOCH,
          System.currentTimeMillis());
      producer.send(new ProducerRecord<>(topic, patient, seg));
    }
  }

  @Test
  void classificationsEqualOfflineInferenceOnTheSameWindows() throws Exception {
    Map<String, String> cfg = fresh("offline", 2);
    String segments = cfg.get(MonitorConfig.TOPIC_SEGMENTS);
    Map<String, Integer> seeds = Map.of("p-a", 11, "p-b", 12, "p-c", 13, "p-d", 14);
    Map<String, PatientInfo> infos = Map.of(
        "p-a", PatientInfo.newBuilder().setPatientId("p-a").setAgeYears(63f).setSex(Sex.MALE).build(),
        "p-c", PatientInfo.newBuilder().setPatientId("p-c").setAgeYears(300f).setSex(Sex.FEMALE)
            .setHeightCm(160f).setWeightKg(55f).build());
    try (KafkaProducer<String, Object> producer = producer()) {
      infos.forEach((p, info) -> producer.send(new ProducerRecord<>(cfg.get(MonitorConfig.TOPIC_PATIENT_INFO), p,
          info)));
      producer.flush();
    }
    try (MonitorApp app = MonitorApp.start(new MonitorConfig(props(cfg)))) {
      awaitRunning(app);
      try (KafkaProducer<String, Object> producer = producer()) {
        // 500 Hz for two patients, 100 Hz for the others; 22 s each: windows at 0, 5, 10 s
        seeds.forEach((p, seed) -> produce(producer, segments, p, seed, seed % 2 == 0 ? 500 : 100, 0, 22));
        producer.flush();
      }
      try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
          new ByteArraySerializer(), new ByteArraySerializer())) {
        raw.send(new ProducerRecord<>(segments, "p-a".getBytes(), new byte[] {7, 7, 7, 7, 7})).get();
      }
      List<Classification> out = classifications(readCommitted(cfg.get(MonitorConfig.TOPIC_CLASSIFICATIONS),
          l -> l.size() >= 12));
      assertThat(out).hasSize(12);
      List<DeadLetter> dead = readCommitted(cfg.get(MonitorConfig.TOPIC_DEAD_LETTERS), l -> !l.isEmpty()).stream()
          .map(DeadLetter.class::cast).toList();
      assertThat(dead).extracting(DeadLetter::getReason).containsExactly("BAD_MAGIC_BYTE");

      FeatureSpec spec = FeatureSpec.load();
      SignalFeatures features = new SignalFeatures(spec);
      MetadataFeatures metadata = new MetadataFeatures(spec);
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession session = env.createSession(MODEL.toString(), new OrtSession.SessionOptions())) {
        for (Classification c : out) {
          int seed = seeds.get(c.getPatientId());
          int rate = seed % 2 == 0 ? 500 : 100;
          double[][] mv = new SyntheticEcg(seed).window(c.getWindowStartIndex(), 10 * rate, rate);
          WindowFeatures f = features.extract(features.resampleToSpecRate(mv, rate));
          PatientInfo info = infos.get(c.getPatientId());
          float[] meta = info == null ? metadata.encode(null, null, null, null)
              : metadata.encode(d(info.getAgeYears()), MetadataFeatures.Sex.valueOf(info.getSex().name()),
                  d(info.getHeightCm()), d(info.getWeightKg()));
          float[] expected = offline(env, session, f, meta);
          for (int k = 0; k < expected.length; k++) {
            assertThat((double) c.getScores().get(k).getProbability())
                .as("%s window %d %s", c.getPatientId(), c.getWindowStartIndex(), c.getScores().get(k).getLabel())
                .isCloseTo(expected[k], org.assertj.core.data.Offset.offset(1e-5));
          }
          assertThat(c.getQuality().contains(io.ecgmon.avro.QualityFlag.METADATA_MISSING)).isEqualTo(info == null);
        }
      }
      assertThat(out).extracting(c -> c.getPatientId() + "@" + c.getWindowStartTime().toEpochMilli())
          .doesNotHaveDuplicates();

      HttpClient http = HttpClient.newHttpClient();
      String metrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.httpPort()
          + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("ecgmon_windows_total{outcome=\"classified\"} 12.0")
          .contains("ecgmon_dead_letters_total{reason=\"BAD_MAGIC_BYTE\"} 1.0")
          .contains("ecgmon_end_to_end_latency_seconds_bucket").contains("kafka_stream_");
      HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.httpPort()
          + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"status\":\"UP\"");
    }
  }

  static Double d(Float f) {
    return f == null ? null : f.doubleValue();
  }

  static float[] offline(OrtEnvironment env, OrtSession session, WindowFeatures f, float[] meta) throws Exception {
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put("ecg", OnnxTensor.createTensor(env, new float[][][] {f.ecg()}));
      in.put("fft", OnnxTensor.createTensor(env, new float[][][] {f.fft()}));
      in.put("spectrogram", OnnxTensor.createTensor(env, new float[][][][] {f.spectrogram()}));
      in.put("metadata", OnnxTensor.createTensor(env, new float[][] {meta}));
      try (OrtSession.Result r = session.run(in)) {
        return ((float[][]) r.get(0).getValue())[0];
      }
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  @Test
  void aRestartMidStreamLosesAndRepeatsNothing() throws Exception {
    Map<String, String> cfg = fresh("restart", 3);
    String segments = cfg.get(MonitorConfig.TOPIC_SEGMENTS);
    List<String> patients = List.of("r-1", "r-2", "r-3", "r-4", "r-5", "r-6");
    Set<String> expected = new HashSet<>();
    for (String p : patients) {
      for (long s = 0; s + 1000 <= 6000; s += 500) {
        expected.add(p + "@" + s);
      }
    }
    try (KafkaProducer<String, Object> producer = producer()) {
      for (int i = 0; i < patients.size(); i++) {
        produce(producer, segments, patients.get(i), 20 + i, 100, 0, 30);
      }
      producer.flush();
    }
    // the first instance lets windows wait 2 s for their batch, so commits happen while decided
    // windows wait in memory: the second instance must find those in the restored state
    Map<String, String> slowBatches = new HashMap<>(cfg);
    slowBatches.put(MonitorConfig.BATCH_MAX_WAIT_MS, "2000");
    slowBatches.put(MonitorConfig.BATCH_MAX_SIZE, "1000");
    try (MonitorApp first = MonitorApp.start(new MonitorConfig(props(slowBatches)))) {
      awaitRunning(first);
      readCommitted(cfg.get(MonitorConfig.TOPIC_CLASSIFICATIONS), l -> l.size() >= 3);
    } // graceful close mid-stream: later windows wait in memory or in not-yet-read segments
    try (KafkaProducer<String, Object> producer = producer()) {
      for (int i = 0; i < patients.size(); i++) {
        produce(producer, segments, patients.get(i), 20 + i, 100, 30, 60);
      }
      producer.flush();
    }
    Map<String, String> second = new HashMap<>(cfg);
    second.put("state.dir", Files.createTempDirectory("ecgmon-it-restart-").toString()); // restore from changelogs
    try (MonitorApp app = MonitorApp.start(new MonitorConfig(props(second)))) {
      awaitRunning(app);
      List<Classification> out = classifications(readCommitted(cfg.get(MonitorConfig.TOPIC_CLASSIFICATIONS),
          l -> l.size() >= expected.size()));
      List<String> got = out.stream().map(c -> c.getPatientId() + "@" + c.getWindowStartIndex()).toList();
      assertThat(got).doesNotHaveDuplicates();
      assertThat(new HashSet<>(got)).isEqualTo(expected);
      // alerts (whatever the model makes of synthetic signals) are never raised twice for one window
      List<String> alerts = readCommitted(cfg.get(MonitorConfig.TOPIC_ALERTS), l -> true).stream()
          .map(io.ecgmon.avro.Alert.class::cast).map(a -> a.getPatientId() + "@" + a.getWindowStartIndex()).toList();
      assertThat(alerts).doesNotHaveDuplicates();
    }
  }

  static Properties props(Map<String, String> cfg) {
    Properties p = new Properties();
    p.putAll(cfg);
    return p;
  }

  static List<Classification> classifications(List<Object> values) {
    return values.stream().map(Classification.class::cast).toList();
  }

  static void awaitRunning(MonitorApp app) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (app.streams().state() != KafkaStreams.State.RUNNING && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
  }
}
