package io.ecgmon.synth;

import java.util.List;

/**
 * The 12 standard leads. Eight are independent (I, II, V1..V6); III and the augmented limb leads follow
 * from I and II by Einthoven's and Goldberger's laws, exactly as an electrocardiograph derives them.
 */
public enum Lead {
  I, II, III, aVR, aVL, aVF, V1, V2, V3, V4, V5, V6;

  /** The independent leads the generator models, in this order. */
  public static final List<Lead> INDEPENDENT = List.of(I, II, V1, V2, V3, V4, V5, V6);

  /** The 12 leads in the standard order (PTB-XL's and the model's). */
  public static final List<Lead> STANDARD = List.of(values());

  /** PTB-XL's spelling in its headers (AVR, AVL, AVF). */
  public String ptbxlName() {
    return name().startsWith("a") ? name().toUpperCase(java.util.Locale.ROOT) : name();
  }

  /** Index of this lead among {@link #INDEPENDENT}, or -1 for a derived lead. */
  public int independentIndex() {
    return INDEPENDENT.indexOf(this);
  }

  /** 8 independent leads [8][n] -> the 12 standard leads [12][n]. */
  public static double[][] twelve(double[][] independent) {
    int n = independent[0].length;
    double[][] out = new double[12][];
    double[] i1 = independent[0];
    double[] i2 = independent[1];
    double[] iii = new double[n];
    double[] avr = new double[n];
    double[] avl = new double[n];
    double[] avf = new double[n];
    for (int k = 0; k < n; k++) {
      iii[k] = i2[k] - i1[k];
      avr[k] = -(i1[k] + i2[k]) / 2;
      avl[k] = i1[k] - i2[k] / 2;
      avf[k] = i2[k] - i1[k] / 2;
    }
    out[0] = i1;
    out[1] = i2;
    out[2] = iii;
    out[3] = avr;
    out[4] = avl;
    out[5] = avf;
    System.arraycopy(independent, 2, out, 6, 6);
    return out;
  }
}
