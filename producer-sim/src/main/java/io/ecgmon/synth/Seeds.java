package io.ecgmon.synth;

/** Independent seeds for numbered items (records, patients) from one user seed, whatever the order of use. */
public final class Seeds {

  private Seeds() {}

  /** A well-mixed seed for item {@code index} of stream {@code seed} (SplitMix64's finaliser). */
  public static long of(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
