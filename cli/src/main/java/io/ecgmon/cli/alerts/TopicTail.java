package io.ecgmon.cli.alerts;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import io.ecgmon.serde.AvroDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one topic of Avro values keyed by patient id and hands each record to a callback, until
 * {@link #stop()}. Two ways to read:
 * <ul>
 *   <li>with a group id: a member of that consumer group; offsets are committed after each batch is
 *       handled (at-least-once), and a restart goes on where the group left off;</li>
 *   <li>without: every partition assigned directly, nothing committed, nothing left behind on the
 *       cluster (partitions added while it runs are not picked up).</li>
 * </ul>
 * A record that cannot be decoded is skipped with a warning naming its partition and offset, never its data.
 */
public final class TopicTail<V> implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(TopicTail.class);

  private final String topic;
  private final String group;
  private final boolean fromBeginning;
  private final Consumer<ConsumerRecord<String, V>> handler;
  private final KafkaConsumer<String, V> consumer;
  private volatile boolean running = true;
  private volatile boolean attached;

  public TopicTail(Properties clientConfig, String topic, String group, boolean fromBeginning,
      Consumer<ConsumerRecord<String, V>> handler) {
    this.topic = topic;
    this.group = group;
    this.fromBeginning = fromBeginning;
    this.handler = handler;
    Properties p = new Properties();
    p.putAll(clientConfig);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class.getName());
    p.put("specific.avro.reader", "true");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
    p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ecgmon-tail-" + topic + "-" + UUID.randomUUID().toString()
        .substring(0, 8));
    if (group != null) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    } else {
      p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    }
    this.consumer = new KafkaConsumer<>(p);
  }

  /** True once the topic's partitions are assigned or subscribed (for tests and readiness). */
  public boolean attached() {
    return attached;
  }

  public void stop() {
    running = false;
    consumer.wakeup();
  }

  @Override
  public void run() {
    try {
      attach();
      while (running) {
        try {
          var records = consumer.poll(Duration.ofMillis(500));
          for (ConsumerRecord<String, V> r : records) {
            handler.accept(r);
          }
          if (group != null && !records.isEmpty()) {
            consumer.commitSync();
          }
        } catch (RecordDeserializationException e) {
          log.warn("{}: skipping undecodable record at partition {} offset {}: {}", topic,
              e.topicPartition().partition(), e.offset(), e.getCause() == null ? e.getMessage()
                  : e.getCause().getMessage());
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close(java.time.Duration.ofSeconds(5));
    }
  }

  private void attach() throws InterruptedException {
    if (group != null) {
      consumer.subscribe(List.of(topic));
      attached = true;
      return;
    }
    boolean told = false;
    while (running) {
      List<PartitionInfo> partitions = partitionsFor();
      if (!partitions.isEmpty()) {
        List<TopicPartition> assigned = partitions.stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(assigned);
        if (fromBeginning) {
          consumer.seekToBeginning(assigned);
        } else {
          consumer.seekToEnd(assigned);
          assigned.forEach(consumer::position); // fix "now" before returning, not at the first poll
        }
        attached = true;
        return;
      }
      if (!told) {
        log.info("waiting for topic {} to exist", topic);
        told = true;
      }
      Thread.sleep(1000);
    }
  }

  private List<PartitionInfo> partitionsFor() {
    try {
      Map<String, List<PartitionInfo>> topics = consumer.listTopics(Duration.ofSeconds(10));
      return topics.getOrDefault(topic, List.of());
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      log.warn("Kafka did not answer listing topics; retrying");
      return List.of();
    }
  }
}
