package io.ecgmon.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Fault-test reader: consumes partition 0 of a topic from the beginning on its own thread, the whole
 * time a fault happens, and keeps every value in arrival order (no group: a fault cannot make it
 * re-read through an offset reset, so a duplicate seen here is a duplicate in the log).
 */
public final class SequenceCollector implements AutoCloseable {

  private final List<String> values = new ArrayList<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean running = true;

  public SequenceCollector(Map<String, Object> config, String topic) {
    Map<String, Object> c = new HashMap<>(config);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.thread = new Thread(() -> run(c, topic), "sequence-collector-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  private void run(Map<String, Object> config, String topic) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
        new StringDeserializer())) {
      consumer.assign(List.of(new TopicPartition(topic, 0)));
      while (running) {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> {
          synchronized (values) {
            values.add(r.value());
          }
        });
      }
    } catch (RuntimeException e) {
      failure.set(e);
    }
  }

  /** Waits until {@code count} values arrived (or more: the caller's assertion shows them). */
  public List<String> awaitCount(int count, long timeoutMs) throws TimeoutException, InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (true) {
      if (failure.get() != null) {
        throw new IllegalStateException("the consumer failed: " + failure.get(), failure.get());
      }
      synchronized (values) {
        if (values.size() >= count) {
          return List.copyOf(values);
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new TimeoutException(values.size() + " of " + count + " values after " + timeoutMs + " ms");
      }
      Thread.sleep(20);
    }
  }

  public int count() {
    synchronized (values) {
      return values.size();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}
