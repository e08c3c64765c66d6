package io.ecgmon.synth;

import java.util.SplittableRandom;

/**
 * A synthetic patient's 12-lead ECG as an endless stream: the ECGSYN model at 500 Hz for the eight
 * independent leads, plus noise, optionally decimated to 100 Hz, then the derived limb leads. Seeded:
 * the same profile and seed give the same samples.
 */
public final class SyntheticEcg {

  public static final double MODEL_RATE = 500;
  /** Settling time discarded at the start (limit cycle, filters, baseline). */
  static final int WARMUP_SAMPLES = 750;

  private final SynthProfile profile;
  private final int rateHz;
  private final EcgsynModel model;
  private final NoiseModel noise;
  private final Decimator decimator;

  public SyntheticEcg(SynthProfile profile, long seed, int rateHz) {
    if (rateHz != 100 && rateHz != 500) {
      throw new IllegalArgumentException("synthetic ECGs come at 100 or 500 Hz, not " + rateHz);
    }
    this.profile = profile;
    this.rateHz = rateHz;
    SplittableRandom r = new SplittableRandom(seed);
    Tachogram tachogram = new Tachogram(profile.heartRateBpm(), profile.rrStdSeconds(), 0.5, profile.respirationHz(),
        r.split());
    model = new EcgsynModel(profile.template(), tachogram, -Math.PI + 2 * Math.PI * r.nextDouble());
    noise = new NoiseModel(Lead.INDEPENDENT.size(), MODEL_RATE, profile.respirationHz(), profile.noise(), r.split());
    decimator = new Decimator(Lead.INDEPENDENT.size());
    decimator.apply(generate500(WARMUP_SAMPLES));
  }

  public SynthProfile profile() {
    return profile;
  }

  public int rateHz() {
    return rateHz;
  }

  /** The next {@code n} samples of the 12 leads at {@link #rateHz()}, in mV, [lead][n]. */
  public double[][] next(int n) {
    return Lead.twelve(nextIndependent(n));
  }

  /** The next {@code n} samples of the 8 independent leads. */
  double[][] nextIndependent(int n) {
    return rateHz == 500 ? generate500(n) : decimator.apply(generate500(n * Decimator.FACTOR));
  }

  /**
   * A record of {@code seconds} at both rates from the same signal: [0] = 500 Hz, [1] = 100 Hz, each
   * [12][n] (what {@code synth} writes to records500 and records100). Use a stream either this way or
   * through {@link #next}, not both.
   */
  public double[][][] nextRecordBothRates(int seconds) {
    double[][] x = generate500(seconds * (int) MODEL_RATE);
    double[][] low = decimator.apply(x);
    return new double[][][] {Lead.twelve(x), Lead.twelve(low)};
  }

  private double[][] generate500(int n) {
    double[][] x = new double[Lead.INDEPENDENT.size()][n];
    model.run(1 / MODEL_RATE, n, x, 0);
    noise.addTo(x, 0, n);
    return x;
  }

  /** mV -> int16 counts at {@code gainPerMv} (baseline 0), clipped short of the invalid value. */
  public static short[][] toCounts(double[][] mv, double gainPerMv) {
    short[][] out = new short[mv.length][];
    for (int l = 0; l < mv.length; l++) {
      out[l] = new short[mv[l].length];
      for (int i = 0; i < mv[l].length; i++) {
        out[l][i] = (short) Math.max(-32767, Math.min(32767, Math.round(mv[l][i] * gainPerMv)));
      }
    }
    return out;
  }
}
