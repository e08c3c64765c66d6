package io.ecgmon.serde;

/** Confluent's wire format: magic byte 0, the schema id as 4 bytes big-endian, then Avro binary. */
final class WireFormat {
  static final byte MAGIC_BYTE = 0;
  static final int HEADER_SIZE = 5;

  private WireFormat() {}

  static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value"); // Confluent's TopicNameStrategy
  }
}
