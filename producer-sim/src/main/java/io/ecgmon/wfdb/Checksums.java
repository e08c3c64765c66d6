package io.ecgmon.wfdb;

/** WFDB's signal checksum: the 16-bit sum of the stored sample values. */
public final class Checksums {

  private Checksums() {}

  /** The checksum as wfdb-python writes it, 0..65535. */
  public static int of(int[] stored, int offset, int stride, int count) {
    long sum = 0;
    for (int i = 0, p = offset; i < count; i++, p += stride) {
      sum += stored[p];
    }
    return (int) Math.floorMod(sum, 65536L);
  }

  /** Whether two checksums agree modulo 2^16 (libwfdb writes them signed, wfdb-python unsigned). */
  public static boolean agree(int a, int b) {
    return ((a ^ b) & 0xffff) == 0;
  }
}
