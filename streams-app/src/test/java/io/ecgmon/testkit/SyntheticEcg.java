package io.ecgmon.testkit;

import io.ecgmon.avro.EcgSegment;
import io.ecgmon.segment.SegmentSamples;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic 12-lead ECG for tests and benchmarks: Gaussian P-QRS-T beats at a patient-specific heart
 * rate on a slow baseline wander, per-lead amplitudes, as int16 counts. A pure function of
 * (seed, sample index, rate), so any window can be recomputed independently of how it was segmented.
 */
public final class SyntheticEcg {

  public static final List<String> LEADS =
      List.of("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6");
  public static final float GAIN = 200f;
  public static final int BASELINE = 0;

  private final long seed;
  private final double heartHz;

  public SyntheticEcg(long seed) {
    this.seed = seed;
    this.heartHz = 0.9 + (Math.floorMod(seed * 7919, 100)) / 100.0; // 54..113 bpm
  }

  /** Lead {@code lead} at sample {@code index} in mV. */
  public double millivolts(int lead, long index, int rateHz) {
    double t = (double) index / rateHz;
    double phase = (t * heartHz) % 1.0;
    double scale = 0.4 + 0.1 * ((lead * 5 + seed) % 9);
    double sign = lead == 3 ? -1 : 1; // aVR is inverted
    double beat = 0.15 * gauss(phase, 0.15, 0.025) - 0.1 * gauss(phase, 0.27, 0.008)
        + 1.0 * gauss(phase, 0.30, 0.01) - 0.2 * gauss(phase, 0.33, 0.01) + 0.3 * gauss(phase, 0.55, 0.04);
    double wander = 0.05 * Math.sin(2 * Math.PI * 0.25 * t + lead + seed);
    double noise = 0.01 * Math.sin(2 * Math.PI * 37.0 * t + lead * 1.3);
    return sign * scale * beat + wander + noise;
  }

  private static double gauss(double x, double mu, double sigma) {
    double d = (x - mu) / sigma;
    return Math.exp(-0.5 * d * d);
  }

  public short count(int lead, long index, int rateHz) {
    return (short) Math.round(millivolts(lead, index, rateHz) * GAIN + BASELINE);
  }

  /** counts[lead][i] for [first, first + n). */
  public short[][] counts(long first, int n, int rateHz) {
    short[][] c = new short[LEADS.size()][n];
    for (int l = 0; l < c.length; l++) {
      for (int i = 0; i < n; i++) {
        c[l][i] = count(l, first + i, rateHz);
      }
    }
    return c;
  }

  /** The window [start, start + n) in mV exactly as the segments carry it (quantised to counts). */
  public double[][] window(long start, int n, int rateHz) {
    double[][] mv = new double[LEADS.size()][n];
    for (int l = 0; l < mv.length; l++) {
      for (int i = 0; i < n; i++) {
        mv[l][i] = (count(l, start + i, rateHz) - BASELINE) / (double) GAIN;
      }
    }
    return mv;
  }

  static List<String> leadNames(int n) {
    List<String> names = new ArrayList<>();
    for (int l = 0; l < n; l++) {
      names.add(l < LEADS.size() ? LEADS.get(l) : "X" + l);
    }
    return names;
  }

  public EcgSegment segment(String patient, String recording, int rateHz, long first, int n, long epochMs,
      long producedAtMs) {
    return segment(patient, recording, rateHz, first, counts(first, n, rateHz), epochMs, producedAtMs);
  }

  public static EcgSegment segment(String patient, String recording, int rateHz, long first, short[][] counts,
      long epochMs, long producedAtMs) {
    List<Float> gains = new ArrayList<>();
    List<Integer> baselines = new ArrayList<>();
    for (int l = 0; l < counts.length; l++) {
      gains.add(GAIN);
      baselines.add(BASELINE);
    }
    return EcgSegment.newBuilder()
        .setPatientId(patient)
        .setRecordingId(recording)
        .setSampleRateHz(rateHz)
        .setLeads(leadNames(counts.length))
        .setFirstSampleIndex(first)
        .setFirstSampleTime(Instant.ofEpochMilli(epochMs + first * 1000 / rateHz))
        .setSamplesPerLead(counts.length == 0 ? 0 : counts[0].length)
        .setGainPerMv(gains)
        .setBaseline(baselines)
        .setSamples(SegmentSamples.encode(counts))
        .setProducedAt(Instant.ofEpochMilli(producedAtMs))
        .build();
  }
}
