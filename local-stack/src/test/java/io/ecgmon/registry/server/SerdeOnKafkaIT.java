package io.ecgmon.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecgmon.avro.Alert;
import io.ecgmon.avro.AlertKind;
import io.ecgmon.broker.TestKafka;
import io.ecgmon.serde.AvroDeserializer;
import io.ecgmon.serde.AvroSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Producer and consumer configured the Confluent way, through a real broker and the registry server. */
class SerdeOnKafkaIT {

  @Test
  void recordsTravelAndBadBytesNameTopicPartitionAndOffset() throws Exception {
    String topic = "alerts-" + UUID.randomUUID();
    String bootstrap = TestKafka.bootstrapServers();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    try (SchemaRegistryServer registry = SchemaRegistryServer.start(Map.of("bootstrap.servers", bootstrap),
        "localhost", 0, "_schemas-" + UUID.randomUUID())) {
      Properties producer = new Properties();
      producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
      producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
      producer.put("schema.registry.url", registry.url());
      Alert alert = Alert.newBuilder().setPatientId("p-9").setKind(AlertKind.RESOLVED).setClasses(List.of())
          .setConfidence(0.97f).setWindowStartIndex(0).setWindowEndIndex(1000)
          .setWindowStartTime(Instant.ofEpochMilli(0)).setWindowEndTime(Instant.ofEpochMilli(10_000))
          .setModelVersion("1.0.0").setRaisedAt(Instant.ofEpochMilli(10_100)).build();
      try (KafkaProducer<String, Alert> p = new KafkaProducer<>(producer)) {
        p.send(new ProducerRecord<>(topic, "p-9", alert)).get();
      }
      Properties raw = new Properties();
      raw.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(raw, new ByteArraySerializer(),
          new ByteArraySerializer())) {
        p.send(new ProducerRecord<>(topic, "p-9".getBytes(), new byte[] {9, 9, 9, 9, 9, 9})).get();
      }

      Properties consumer = new Properties();
      consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
      consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class);
      consumer.put("schema.registry.url", registry.url());
      consumer.put("specific.avro.reader", "true");
      try (KafkaConsumer<String, Alert> c = new KafkaConsumer<>(consumer)) {
        c.subscribe(List.of(topic));
        List<Alert> received = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 30_000;
        while (received.isEmpty() && System.currentTimeMillis() < deadline) {
          for (ConsumerRecord<String, Alert> r : c.poll(Duration.ofMillis(500))) {
            received.add(r.value());
          }
        }
        assertThat(received).containsExactly(alert);
        assertThatThrownBy(() -> {
          long until = System.currentTimeMillis() + 30_000;
          while (System.currentTimeMillis() < until) {
            c.poll(Duration.ofMillis(500));
          }
        }).isInstanceOfSatisfying(RecordDeserializationException.class, e -> {
          assertThat(e.topicPartition().topic()).isEqualTo(topic);
          assertThat(e.offset()).isEqualTo(1);
          assertThat(e.getCause()).isInstanceOf(SerializationException.class)
              .hasMessageContaining("topic " + topic).hasMessageContaining("unknown magic byte 0x09");
        });
      }
    }
  }
}
