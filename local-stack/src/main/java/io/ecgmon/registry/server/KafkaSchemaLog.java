package io.ecgmon.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecgmon.registry.CompatibilityLevel;
import io.ecgmon.registry.RegisteredSchema;
import io.ecgmon.registry.RegistryException;
import io.ecgmon.registry.SchemaStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable state: a single-partition compacted topic (Confluent's {@code _schemas}
 * idea) holding one record per subject version and per compatibility setting, keyed so that
 * compaction keeps the latest of each. On start the whole topic is replayed into a {@link
 * SchemaStore}, so a restarted registry hands out the same ids.
 */
final class KafkaSchemaLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaSchemaLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String topic;
  private final KafkaProducer<String, String> producer;

  private KafkaSchemaLog(String topic, KafkaProducer<String, String> producer) {
    this.topic = topic;
    this.producer = producer;
  }

  /** Creates the topic if needed, replays it into {@code store}, and returns the log for new writes. */
  static KafkaSchemaLog open(Map<String, Object> kafka, String topic, SchemaStore store) throws Exception {
    ensureTopic(kafka, topic);
    int records = replay(kafka, topic, store);
    log.info("schema log {} replayed: {} records, {} subjects", topic, records, store.subjects().size());
    Properties p = new Properties();
    p.putAll(kafka);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return new KafkaSchemaLog(topic, new KafkaProducer<>(p));
  }

  void appendSchema(RegisteredSchema r) {
    ObjectNode key = JSON.createObjectNode().put("keytype", "SCHEMA").put("subject", r.subject())
        .put("version", r.version());
    ObjectNode value = JSON.createObjectNode().put("subject", r.subject()).put("version", r.version())
        .put("id", r.id()).put("schema", r.schema());
    write(key, value);
  }

  void appendCompatibility(String subjectOrNull, CompatibilityLevel level) {
    ObjectNode key = JSON.createObjectNode().put("keytype", "CONFIG").put("subject", subjectOrNull);
    write(key, JSON.createObjectNode().put("compatibilityLevel", level.name()));
  }

  private void write(ObjectNode key, ObjectNode value) {
    try {
      producer.send(new ProducerRecord<>(topic, 0, key.toString(), value.toString())).get();
    } catch (ExecutionException e) {
      throw new RegistryException(500, RegistryException.STORE_ERROR,
          "could not write to " + topic + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(500, RegistryException.STORE_ERROR, "interrupted writing to " + topic, e);
    }
  }

  private static void ensureTopic(Map<String, Object> kafka, String topic) throws Exception {
    try (Admin admin = Admin.create(kafka)) {
      int brokers = admin.describeCluster().nodes().get().size();
      NewTopic t = new NewTopic(topic, 1, (short) Math.min(3, brokers))
          .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      admin.createTopics(List.of(t)).all().get();
      log.info("created compacted topic {}", topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }

  private static int replay(Map<String, Object> kafka, String topic, SchemaStore store) throws Exception {
    Properties p = new Properties();
    p.putAll(kafka);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    int count = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      while (consumer.position(partition) < end) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          apply(store, JSON.readTree(r.key()), r.value() == null ? null : JSON.readTree(r.value()));
          count++;
        }
      }
    }
    return count;
  }

  private static void apply(SchemaStore store, JsonNode key, JsonNode value) {
    if (value == null) {
      return; // a tombstone: deletion is not offered by this registry
    }
    switch (key.path("keytype").asText()) {
      case "SCHEMA" -> store.apply(new RegisteredSchema(value.get("subject").asText(), value.get("version").asInt(),
          value.get("id").asInt(), value.get("schema").asText()));
      case "CONFIG" -> store.applyCompatibility(key.get("subject").isNull() ? null : key.get("subject").asText(),
          CompatibilityLevel.parse(value.get("compatibilityLevel").asText()));
      default -> log.warn("ignoring a {} record of unknown key type {}", "_schemas", key.path("keytype").asText());
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
