package io.ecgmon.synth;

import java.util.SplittableRandom;

/**
 * The artefacts of a real recording, added per independent lead (derived leads inherit them as on a
 * real machine), all from one seeded random stream and continuous across calls:
 * <ul>
 *   <li>baseline wander: respiration (a sinusoid at the breathing rate, common phase, lead-specific
 *       size) plus slow electrode drift (white noise through two one-pole low-passes at ~0.3 Hz, run at
 *       50 Hz and interpolated: it has nothing above a few Hz);</li>
 *   <li>powerline interference: 50 Hz, small, lead-specific amplitude;</li>
 *   <li>muscle (EMG) noise: high-passed white noise whose envelope switches between rest and bursts.
 *       Its Gaussian values come from a fixed table picked at random, which is much cheaper than
 *       drawing them and indistinguishable in an ECG.</li>
 * </ul>
 */
public final class NoiseModel {

  /** Sizes, in mV; {@link #scaled} makes a quieter or noisier variant. */
  public record Levels(double respirationMv, double driftMv, double powerlineMv, double muscleMv,
      double muscleBurstFraction) {

    public static final Levels DEFAULT = new Levels(0.06, 0.05, 0.008, 0.012, 0.05);
    public static final Levels NONE = new Levels(0, 0, 0, 0, 0);

    public Levels scaled(double f) {
      return new Levels(respirationMv * f, driftMv * f, powerlineMv * f, muscleMv * f, muscleBurstFraction);
    }
  }

  /** Decimation of the drift filters: they run at rate / DRIFT_STEP. */
  private static final int DRIFT_STEP = 10;
  private static final double[] GAUSSIAN = gaussianTable(1 << 16);

  private final double rate;
  private final Levels levels;
  private final SplittableRandom random;
  private final int leads;
  private final double respirationHz;
  private final double respirationPhase;
  private final double powerlinePhase;
  private final double[] respirationGain;
  private final double[] powerlineGain;
  private final double[] drift1;
  private final double[] drift2;
  private final double[] driftFrom;
  private final double[] lastWhite;
  private final double driftPole;
  private final double driftInputGain;
  private boolean burst;
  private long n;

  public NoiseModel(int leads, double rateHz, double respirationHz, Levels levels, SplittableRandom random) {
    this.leads = leads;
    this.rate = rateHz;
    this.levels = levels;
    this.random = random;
    this.respirationHz = respirationHz;
    respirationPhase = random.nextDouble() * 2 * Math.PI;
    powerlinePhase = random.nextDouble() * 2 * Math.PI;
    respirationGain = new double[leads];
    powerlineGain = new double[leads];
    for (int l = 0; l < leads; l++) {
      respirationGain[l] = levels.respirationMv * (0.3 + 1.4 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
      powerlineGain[l] = levels.powerlineMv * (0.5 + random.nextDouble());
    }
    drift1 = new double[leads];
    drift2 = new double[leads];
    driftFrom = new double[leads];
    lastWhite = new double[leads];
    driftPole = Math.exp(-2 * Math.PI * 0.3 / (rateHz / DRIFT_STEP));
    // two cascaded one-pole low-passes of unit white noise have variance g^2 (1 + p^2) / (1 - p^2)^3
    double p = driftPole;
    driftInputGain = Math.sqrt((1 - p * p) * (1 - p * p) * (1 - p * p) / (1 + p * p));
  }

  private static double[] gaussianTable(int size) {
    SplittableRandom r = new SplittableRandom(0x5eed);
    double[] t = new double[size];
    for (int i = 0; i < size; i++) {
      t[i] = r.nextGaussian();
    }
    return t;
  }

  /** Adds the next {@code count} samples of noise to signal[lead][offset..]. */
  public void addTo(double[][] signal, int offset, int count) {
    if (levels.equals(Levels.NONE)) {
      n += count;
      return;
    }
    for (int i = 0; i < count; i++, n++) {
      double t = n / rate;
      double resp = Math.sin(2 * Math.PI * respirationHz * t + respirationPhase);
      double mains = Math.sin(2 * Math.PI * 50 * t + powerlinePhase);
      // bursts start and stop at random: expected length 1 s, a muscleBurstFraction of the time
      double stop = 1.0 / rate;
      double start = levels.muscleBurstFraction > 0 && levels.muscleBurstFraction < 1
          ? stop * levels.muscleBurstFraction / (1 - levels.muscleBurstFraction) : 0;
      if (burst ? random.nextDouble() < stop : random.nextDouble() < start) {
        burst = !burst;
      }
      double emg = levels.muscleMv * (burst ? 3 : 1) / Math.sqrt(2);
      int phase = (int) (n % DRIFT_STEP);
      if (phase == 0) {
        for (int l = 0; l < leads; l++) {
          driftFrom[l] = drift2[l];
          drift1[l] = driftPole * drift1[l] + driftInputGain * random.nextGaussian();
          drift2[l] = driftPole * drift2[l] + drift1[l];
        }
      }
      double w = (double) phase / DRIFT_STEP;
      for (int l = 0; l < leads; l++) {
        double drift = driftFrom[l] + w * (drift2[l] - driftFrom[l]);
        double white = GAUSSIAN[random.nextInt() & (GAUSSIAN.length - 1)];
        double muscle = white - lastWhite[l];
        lastWhite[l] = white;
        signal[l][offset + i] += respirationGain[l] * resp + levels.driftMv * drift
            + powerlineGain[l] * mains + emg * muscle;
      }
    }
  }
}
