package io.ecgmon.replay;

/**
 * A segment on its way out: when to send it (simulation time, seconds) and whether its bytes are to be
 * damaged (and how: {@link Corruption}).
 */
record Emission(Segment segment, double releaseSeconds, Corruption corruption) {

  /** How the serialized value is damaged; {@code at} in [0, 1) picks the byte position. */
  record Corruption(Kind kind, double at) {
    enum Kind { MAGIC_BYTE, SCHEMA_ID, TRUNCATED }
  }

  /** Applies the corruption to serialized Confluent wire-format bytes. */
  static byte[] damage(byte[] value, Corruption c) {
    return switch (c.kind()) {
      // any non-zero magic byte: "unknown magic byte"
      case MAGIC_BYTE -> {
        byte[] v = value.clone();
        v[0] = (byte) (1 + (int) (c.at() * 255));
        yield v;
      }
      // an id no registry hands out
      case SCHEMA_ID -> {
        byte[] v = value.clone();
        v[1] = 0x7f;
        v[2] = (byte) 0xff;
        v[3] = (byte) 0xff;
        v[4] = (byte) (0xf0 + (int) (c.at() * 15));
        yield v;
      }
      // the Avro payload cut short: the decoder runs out of bytes
      case TRUNCATED -> java.util.Arrays.copyOf(value, 5 + (int) (c.at() * (value.length - 6)));
    };
  }
}
