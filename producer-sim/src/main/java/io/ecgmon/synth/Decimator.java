package io.ecgmon.synth;

/**
 * 500 Hz -> 100 Hz for a stream: a 101-tap Blackman-windowed sinc low-pass (cut-off 40 Hz, so 50 Hz
 * mains does not alias onto the 100 Hz record) keeping every 5th sample, with history across calls.
 */
final class Decimator {

  static final int FACTOR = 5;
  private static final int TAPS = 101;
  private static final double[] H = design();

  private final double[][] history;
  private long consumed;

  Decimator(int leads) {
    history = new double[leads][TAPS - 1];
  }

  private static double[] design() {
    double fc = 40.0 / 500.0;
    double[] h = new double[TAPS];
    double sum = 0;
    int m = TAPS - 1;
    for (int n = 0; n < TAPS; n++) {
      double k = n - m / 2.0;
      double sinc = k == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * k) / (Math.PI * k);
      double w = 0.42 - 0.5 * Math.cos(2 * Math.PI * n / m) + 0.08 * Math.cos(4 * Math.PI * n / m);
      h[n] = sinc * w;
      sum += h[n];
    }
    for (int n = 0; n < TAPS; n++) {
      h[n] /= sum;
    }
    return h;
  }

  /** Filters {@code in} [lead][n], n a multiple of 5, and returns [lead][n / 5]. */
  double[][] apply(double[][] in) {
    int n = in[0].length;
    if (n % FACTOR != 0 || consumed % FACTOR != 0) {
      throw new IllegalArgumentException("blocks must be multiples of " + FACTOR + " samples");
    }
    double[][] out = new double[in.length][n / FACTOR];
    int h = TAPS - 1;
    for (int l = 0; l < in.length; l++) {
      double[] x = new double[h + n];
      System.arraycopy(history[l], 0, x, 0, h);
      System.arraycopy(in[l], 0, x, h, n);
      for (int o = 0; o < n / FACTOR; o++) {
        int end = h + o * FACTOR;
        double acc = 0;
        for (int k = 0; k < TAPS; k++) {
          acc += H[k] * x[end - k];
        }
        out[l][o] = acc;
      }
      System.arraycopy(x, n, history[l], 0, h);
    }
    consumed += n;
    return out;
  }
}
