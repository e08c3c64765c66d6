package io.ecgmon.broker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Fault-test traffic: sends "0", "1", "2", ... to partition 0 of a topic from its own thread, one record
 * every few milliseconds, with acks=all and idempotence, so that whatever a fault does the topic must
 * end up holding exactly that sequence. Reusable by reliability tests (local-stack's test-jar).
 */
public final class SequenceProducer implements AutoCloseable {

  private final KafkaProducer<String, String> producer;
  private final String topic;
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger acked = new AtomicInteger();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean running = true;

  /** {@code config}: bootstrap.servers (and security) plus any overrides, e.g. request.timeout.ms. */
  public SequenceProducer(Map<String, Object> config, String topic) {
    Map<String, Object> c = new HashMap<>(config);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    this.producer = new KafkaProducer<>(c, new StringSerializer(), new StringSerializer());
    this.topic = topic;
    this.thread = new Thread(this::run, "sequence-producer-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        String value = Integer.toString(sent.getAndIncrement());
        producer.send(new ProducerRecord<>(topic, 0, value, value), (metadata, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          } else {
            acked.incrementAndGet();
          }
        });
        Thread.sleep(4);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  public int acked() {
    return acked.get();
  }

  /** Waits until at least {@code count} records are acknowledged; fails fast if a send failed. */
  public void awaitAcked(int count, long timeoutMs) throws TimeoutException, InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (acked.get() < count) {
      throwIfFailed();
      if (System.currentTimeMillis() > deadline) {
        throw new TimeoutException(acked.get() + " of " + count + " records acknowledged after " + timeoutMs + " ms");
      }
      Thread.sleep(20);
    }
  }

  /** Stops sending, waits for every outstanding acknowledgement and returns what was sent, in order. */
  public List<String> stop() throws InterruptedException {
    running = false;
    thread.join();
    producer.flush();
    throwIfFailed();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < sent.get(); i++) {
      values.add(Integer.toString(i));
    }
    if (acked.get() != values.size()) {
      throw new IllegalStateException(acked.get() + " of " + values.size() + " sends acknowledged after flush");
    }
    return values;
  }

  private void throwIfFailed() {
    if (failure.get() != null) {
      throw new IllegalStateException("a send failed: " + failure.get(), failure.get());
    }
  }

  @Override
  public void close() {
    running = false;
    producer.close();
  }
}
