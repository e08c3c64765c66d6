package io.ecgmon.synth;

import java.util.SplittableRandom;

/**
 * Heart-rate variability as in ECGSYN: RR intervals whose power spectrum is the sum of two Gaussians,
 * the Mayer-wave (LF, 0.1 Hz) and respiratory (HF, 0.25 Hz) peaks. Synthesised as a sum of sinusoids
 * with random phases, so it is defined for any time without blocks or seams (a live feed can run for
 * hours) and fully determined by its seed.
 */
public final class Tachogram {

  static final int COMPONENTS = 48;

  private final double meanRr;
  private final double[] freq;
  private final double[] amp;
  private final double[] phase;

  /**
   * @param heartRateBpm mean heart rate
   * @param rrStdSeconds standard deviation of the RR intervals (ECGSYN's default is about 0.03 s at 60 bpm)
   * @param lfHfRatio power ratio of the LF and HF peaks (ECGSYN's default 0.5)
   * @param respirationHz centre of the HF peak (breathing rate)
   */
  public Tachogram(double heartRateBpm, double rrStdSeconds, double lfHfRatio, double respirationHz,
      SplittableRandom random) {
    this.meanRr = 60.0 / heartRateBpm;
    freq = new double[COMPONENTS];
    amp = new double[COMPONENTS];
    phase = new double[COMPONENTS];
    double lo = 0.01;
    double hi = 0.5;
    double df = (hi - lo) / COMPONENTS;
    double total = 0;
    for (int k = 0; k < COMPONENTS; k++) {
      freq[k] = lo + (k + random.nextDouble()) * df;
      double s = lfHfRatio * gauss(freq[k], 0.1, 0.02) + gauss(freq[k], respirationHz, 0.02);
      amp[k] = Math.sqrt(s);
      phase[k] = random.nextDouble() * 2 * Math.PI;
      total += amp[k] * amp[k] / 2;
    }
    double norm = total > 0 ? rrStdSeconds / Math.sqrt(total) : 0;
    for (int k = 0; k < COMPONENTS; k++) {
      amp[k] *= norm;
    }
  }

  private static double gauss(double f, double centre, double sd) {
    double d = (f - centre) / sd;
    return Math.exp(-0.5 * d * d);
  }

  public double meanRr() {
    return meanRr;
  }

  /** The RR interval (seconds) in force at time {@code t} seconds. */
  public double rr(double t) {
    double v = meanRr;
    for (int k = 0; k < COMPONENTS; k++) {
      v += amp[k] * Math.sin(2 * Math.PI * freq[k] * t + phase[k]);
    }
    return Math.max(0.25, v);
  }
}
