package io.ecgmon.replay;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An idempotent Kafka producer (acks=all, enable.idempotence=true): retries never duplicate or reorder
 * a patient's segments. Keys are patient ids (UTF-8 strings); values are already serialized, which is
 * what lets the fault injector damage bytes.
 */
public final class KafkaSegmentSink implements SegmentSink {

  /** Producer settings the simulator relies on or benefits from; the caller's properties win otherwise. */
  public static Map<String, Object> defaults() {
    Map<String, Object> d = new HashMap<>();
    d.put(ProducerConfig.ACKS_CONFIG, "all");
    d.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    d.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    d.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    d.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    d.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    d.put(ProducerConfig.CLIENT_ID_CONFIG, "ecgmon-producer-sim");
    return d;
  }

  private final KafkaProducer<String, byte[]> producer;

  /** {@code config}: bootstrap.servers and any producer settings (merged over {@link #defaults()}). */
  public KafkaSegmentSink(Map<String, Object> config) {
    Map<String, Object> c = new HashMap<>(defaults());
    c.putAll(config);
    // these two make the guarantees the simulator promises; a config cannot turn them off
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.keySet().removeIf(k -> k.startsWith("schema.registry.") || k.startsWith("basic.auth.")
        || k.equals("auto.register.schemas") || k.equals("use.latest.version") || k.equals("specific.avro.reader"));
    producer = new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public void send(String topic, String key, byte[] value, Consumer<Exception> done) {
    producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> done.accept(error));
  }

  @Override
  public void warmUp(java.util.List<String> topics) {
    topics.forEach(producer::partitionsFor);
  }

  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
