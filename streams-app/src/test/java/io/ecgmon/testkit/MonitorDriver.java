package io.ecgmon.testkit;

import io.ecgmon.avro.Alert;
import io.ecgmon.avro.Classification;
import io.ecgmon.avro.DeadLetter;
import io.ecgmon.avro.EcgSegment;
import io.ecgmon.features.FeatureSpec;
import io.ecgmon.inference.Classifier;
import io.ecgmon.monitor.MonitorConfig;
import io.ecgmon.monitor.MonitorMetrics;
import io.ecgmon.monitor.MonitorTopology;
import io.ecgmon.registry.MockSchemaRegistry;
import io.ecgmon.serde.AvroDeserializer;
import io.ecgmon.serde.AvroSerializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** The monitor topology in a TopologyTestDriver, with Avro on an in-memory registry scope. */
public final class MonitorDriver implements AutoCloseable {

  public final String scope = "ttd-" + UUID.randomUUID();
  public final MonitorConfig config;
  public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  public final MonitorMetrics metrics = new MonitorMetrics(registry);
  public final TopologyTestDriver driver;
  private final TestInputTopic<byte[], byte[]> segments;
  private final TestInputTopic<byte[], byte[]> patientInfo;
  public final TestOutputTopic<String, Object> classifications;
  public final TestOutputTopic<String, Object> alerts;
  public final TestOutputTopic<byte[], Object> deadLetters;
  private final AvroSerializer<Object> serializer = new AvroSerializer<>();

  public MonitorDriver(Classifier classifier, Map<String, String> overrides) {
    Properties p = new Properties();
    p.put("application.id", "ttd-monitor");
    p.put("bootstrap.servers", "unused:9092");
    p.put("schema.registry.url", "mock://" + scope);
    p.put(MonitorConfig.BATCH_MAX_SIZE, "1");
    try {
      p.put("state.dir", java.nio.file.Files.createTempDirectory("ecgmon-ttd-").toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    p.putAll(overrides);
    config = new MonitorConfig(p);
    driver = new TopologyTestDriver(MonitorTopology.build(config, classifier,
        classifier.card().verifiedFeatureSpec(FeatureSpec.load()), metrics), config.properties(),
        Instant.ofEpochMilli(1_000_000));
    Map<String, Object> serde = new HashMap<>(config.asMap());
    serde.put("specific.avro.reader", true);
    serializer.configure(serde, false);
    AvroDeserializer<Object> d1 = new AvroDeserializer<>();
    d1.configure(serde, false);
    segments = driver.createInputTopic(config.segmentsTopic(), new ByteArraySerializer(), new ByteArraySerializer());
    patientInfo = driver.createInputTopic(config.patientInfoTopic(), new ByteArraySerializer(),
        new ByteArraySerializer());
    classifications = driver.createOutputTopic(config.classificationsTopic(), new StringDeserializer(), d1);
    alerts = driver.createOutputTopic(config.alertsTopic(), new StringDeserializer(), d1);
    deadLetters = driver.createOutputTopic(config.deadLettersTopic(), new ByteArrayDeserializer(), d1);
  }

  public byte[] avro(String topic, Object record) {
    return serializer.serialize(topic, record);
  }

  public void send(EcgSegment s) {
    sendRaw(s.getPatientId(), avro(config.segmentsTopic(), s));
  }

  public void sendRaw(String key, byte[] value) {
    segments.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
  }

  public void sendPatientInfo(String key, byte[] value) {
    patientInfo.pipeInput(key.getBytes(StandardCharsets.UTF_8), value);
  }

  public void advanceWallClock(Duration d) {
    driver.advanceWallClockTime(d);
  }

  @SuppressWarnings("unchecked")
  public List<Classification> classifications() {
    return (List<Classification>) (List<?>) classifications.readValuesToList();
  }

  @SuppressWarnings("unchecked")
  public List<Alert> alerts() {
    return (List<Alert>) (List<?>) alerts.readValuesToList();
  }

  @SuppressWarnings("unchecked")
  public List<DeadLetter> deadLetters() {
    return (List<DeadLetter>) (List<?>) deadLetters.readValuesToList();
  }

  public KeyValueStore<String, byte[]> store(String name) {
    return driver.getKeyValueStore(name);
  }

  /** Exact entry count (RocksDB's approximateNumEntries lags behind deletes). */
  public long count(String store) {
    long n = 0;
    try (var it = store(store).all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  public double counter(String name, String tag, String value) {
    var c = registry.find(name).tag(tag, value).counter();
    return c == null ? 0 : c.count();
  }

  @Override
  public void close() {
    driver.close();
    MockSchemaRegistry.dropScope(scope);
  }
}
