package io.ecgmon.cli.pipeline;

import io.ecgmon.avro.Classification;
import io.ecgmon.config.KafkaClientOptions;
import io.ecgmon.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a classifications topic from the beginning on a thread of its own, as a downstream consumer
 * does: {@code read_committed} (so it sees what the monitor committed, the commit's latency included),
 * partitions assigned directly (no group left behind), each record handed over with the wall-clock
 * time it arrived.
 */
public final class ClassificationReader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ClassificationReader.class);

  private final Thread thread;
  private volatile boolean stop;
  private volatile Throwable failure;

  /** {@code onRecord} gets (classification, arrival epoch ms); it runs on the reader's thread. */
  public ClassificationReader(Properties client, String topic, BiConsumer<Classification, Long> onRecord) {
    Map<String, Object> c = new HashMap<>(KafkaClientOptions.kafkaOnly(client));
    c.put("isolation.level", "read_committed");
    c.put("auto.offset.reset", "earliest");
    c.put("enable.auto.commit", "false");
    c.remove("group.id");
    AvroDeserializer<Object> values = new AvroDeserializer<>();
    Map<String, Object> serde = new HashMap<>();
    client.forEach((k, v) -> serde.put(k.toString(), v));
    serde.put("specific.avro.reader", "true");
    values.configure(serde, false);
    KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(c, new StringDeserializer(), values);
    thread = new Thread(() -> run(consumer, topic, onRecord), "classification-reader");
    thread.setDaemon(true);
    thread.start();
  }

  private void run(KafkaConsumer<String, Object> consumer, String topic, BiConsumer<Classification, Long> onRecord) {
    try (consumer) {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(60))) {
        parts.add(new TopicPartition(topic, p.partition()));
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      while (!stop) {
        for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(100))) {
          long now = System.currentTimeMillis();
          if (r.value() instanceof Classification cl) {
            onRecord.accept(cl, now);
          }
        }
      }
    } catch (Throwable e) {
      failure = e;
      log.error("classification reader failed: {}", e.toString());
    }
  }

  /** What ended the reader, or null while it runs (or ended by close). */
  public Throwable failure() {
    return failure;
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    thread.join(30_000);
  }
}
