package io.ecgmon.replay;

import java.util.function.Consumer;

/** Where serialized records go: Kafka in production ({@link KafkaSegmentSink}), a list in unit tests. */
public interface SegmentSink extends AutoCloseable {

  /**
   * Sends one record asynchronously; {@code done} hears null on success or the failure (on a producer
   * thread). May block when the sink's buffer is full (back-pressure).
   */
  void send(String topic, String key, byte[] value, Consumer<Exception> done);

  /** Fetches what the first send would otherwise wait for (topic metadata), so pacing starts on time. */
  default void warmUp(java.util.List<String> topics) {}

  /** Blocks until everything sent so far is acknowledged or failed. */
  void flush();

  @Override
  void close();
}
