package io.ecgmon.cli;

import io.ecgmon.broker.TestKafka;
import io.ecgmon.registry.server.SchemaRegistryServer;
import io.ecgmon.serde.AvroSerializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The integration tests' Kafka side: the shared test broker (local-stack's TestKafka), a schema
 * registry server of this test's own (on its own _schemas topic), topics named uniquely per test.
 */
public final class KafkaFixture implements AutoCloseable {

  public final String bootstrap = TestKafka.bootstrapServers();
  public final SchemaRegistryServer registry;
  private final KafkaProducer<String, Object> producer;

  public KafkaFixture() throws Exception {
    registry = SchemaRegistryServer.start(Map.of("bootstrap.servers", bootstrap), "localhost", 0,
        "_schemas-" + UUID.randomUUID());
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
    p.put("schema.registry.url", registry.url());
    producer = new KafkaProducer<>(p);
  }

  /** A new topic with a unique name starting with {@code prefix}. */
  public String topic(String prefix, int partitions) throws Exception {
    String name = prefix + "-" + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }
    return name;
  }

  public void send(String topic, String key, Object value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key, value)).get();
  }

  public void sendBytes(String topic, String key, byte[] value) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(p, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(topic, key.getBytes(), value)).get();
    }
  }

  /** Polls {@code condition} until true; the limit only guards against a hang (it is no speed check). */
  public static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    producer.close();
    registry.close();
  }
}
