package io.ecgmon.wfdb;

import java.util.Arrays;

/**
 * WFDB sample storage formats that fit the project's int16 counts. Samples of the signals sharing a file
 * are interleaved frame by frame; a format's "invalid" code (lead off, no data) reads as
 * {@link #INVALID}, WFDB's invalid value for format 16, so every format means the same downstream.
 */
public enum SampleFormat {
  /** 16-bit two's complement, little-endian (PTB-XL). */
  F16(16, 16, -32768),
  /** 16-bit two's complement, big-endian. */
  F61(61, 16, -32768),
  /** 8-bit offset binary (count + 128). */
  F80(80, 8, -128),
  /** 12-bit two's complement, two samples packed in three bytes (MIT-BIH). */
  F212(212, 12, -2048);

  /** The project's invalid sample, whatever the file format. */
  public static final short INVALID = Short.MIN_VALUE;

  private final int code;
  private final int bits;
  private final int invalidCode;

  SampleFormat(int code, int bits, int invalidCode) {
    this.code = code;
    this.bits = bits;
    this.invalidCode = invalidCode;
  }

  public int code() {
    return code;
  }

  /** Bits per sample, also the default ADC resolution. */
  public int bits() {
    return bits;
  }

  public int min() {
    return -(1 << (bits - 1));
  }

  public int max() {
    return (1 << (bits - 1)) - 1;
  }

  /** The code or null when the format is not supported. */
  public static SampleFormat ofCode(int code) {
    return Arrays.stream(values()).filter(f -> f.code == code).findFirst().orElse(null);
  }

  /** Bytes needed for {@code samples} samples. */
  public long bytesFor(long samples) {
    return switch (this) {
      case F16, F61 -> samples * 2;
      case F80 -> samples;
      case F212 -> samples / 2 * 3 + (samples % 2) * 2;
    };
  }

  /** Whole samples that {@code bytes} bytes hold. */
  public long samplesIn(long bytes) {
    return switch (this) {
      case F16, F61 -> bytes / 2;
      case F80 -> bytes;
      case F212 -> bytes / 3 * 2 + (bytes % 3 >= 2 ? 1 : 0);
    };
  }

  /**
   * Decodes {@code out.length} samples of the interleaved stream starting at {@code offset} in {@code data},
   * as stored: invalid samples keep the format's own code (checksums are over these), see {@link #toCount}.
   */
  public void decode(byte[] data, int offset, int[] out) {
    int n = out.length;
    switch (this) {
      case F16 -> {
        for (int i = 0, p = offset; i < n; i++, p += 2) {
          out[i] = (short) ((data[p] & 0xff) | (data[p + 1] << 8));
        }
      }
      case F61 -> {
        for (int i = 0, p = offset; i < n; i++, p += 2) {
          out[i] = (short) ((data[p] << 8) | (data[p + 1] & 0xff));
        }
      }
      case F80 -> {
        for (int i = 0; i < n; i++) {
          out[i] = (data[offset + i] & 0xff) - 128;
        }
      }
      case F212 -> {
        for (int i = 0, p = offset; i < n; i += 2, p += 3) {
          int b0 = data[p] & 0xff;
          int b1 = data[p + 1] & 0xff;
          out[i] = signExtend12(b0 | (b1 & 0x0f) << 8);
          if (i + 1 < n) {
            out[i + 1] = signExtend12((data[p + 2] & 0xff) | (b1 & 0xf0) << 4);
          }
        }
      }
      default -> throw new IllegalStateException(name());
    }
  }

  /** A stored value as the project's count: the format's invalid code becomes {@link #INVALID}. */
  public short toCount(int stored) {
    return stored == invalidCode ? INVALID : (short) stored;
  }

  /**
   * A count as stored: {@link #INVALID} becomes the format's invalid code. Throws IllegalArgumentException
   * when the count does not fit the format.
   */
  public int toStored(short count) {
    int v = count == INVALID ? invalidCode : count;
    if (v < min() || v > max()) {
      throw new IllegalArgumentException(v + " does not fit format " + code + " (" + min() + ".." + max() + ")");
    }
    return v;
  }

  /** Encodes an interleaved stream of stored values (see {@link #toStored}). */
  public byte[] encode(int[] samples) {
    byte[] out = new byte[(int) bytesFor(samples.length)];
    switch (this) {
      case F16 -> {
        for (int i = 0, p = 0; i < samples.length; i++, p += 2) {
          out[p] = (byte) samples[i];
          out[p + 1] = (byte) (samples[i] >> 8);
        }
      }
      case F61 -> {
        for (int i = 0, p = 0; i < samples.length; i++, p += 2) {
          out[p] = (byte) (samples[i] >> 8);
          out[p + 1] = (byte) samples[i];
        }
      }
      case F80 -> {
        for (int i = 0; i < samples.length; i++) {
          out[i] = (byte) (samples[i] + 128);
        }
      }
      case F212 -> {
        for (int i = 0, p = 0; i < samples.length; i += 2, p += 3) {
          int a = samples[i] & 0xfff;
          int b = i + 1 < samples.length ? samples[i + 1] & 0xfff : 0;
          out[p] = (byte) a;
          out[p + 1] = (byte) ((a >> 8) | ((b >> 8) << 4));
          if (i + 1 < samples.length) {
            out[p + 2] = (byte) b;
          }
        }
      }
      default -> throw new IllegalStateException(name());
    }
    return out;
  }

  private static int signExtend12(int v) {
    return (v << 20) >> 20;
  }
}
