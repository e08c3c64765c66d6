package io.ecgmon.deadletter;

import io.ecgmon.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds {@link DeadLetter} records: the original bytes whole, where they came from, and why. */
public final class DeadLetters {

  private static final int MAX_MESSAGE = 1000;

  private DeadLetters() {}

  public static DeadLetter of(byte[] key, byte[] value, String topic, int partition, long offset, String reason,
      String errorClass, String errorMessage, String application, long failedAtMs) {
    return DeadLetter.newBuilder()
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setSourceTopic(topic == null ? "" : topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setReason(reason)
        .setErrorClass(errorClass)
        .setErrorMessage(truncate(errorMessage))
        .setApplication(application)
        .setFailedAt(Instant.ofEpochMilli(failedAtMs))
        .build();
  }

  private static String truncate(String m) {
    String s = m == null ? "" : m;
    return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "...";
  }
}
