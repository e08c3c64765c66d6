package io.ecgmon.window;

import java.util.List;

/**
 * Cuts the window [start, start + length) out of a session's segments, by sample index, whatever
 * order the segments arrived in. Overlapping segments agree on their common samples (same recording);
 * the later one in index order is taken.
 */
public final class WindowAssembler {

  /** A window at the recording's rate in mV, [leads][length], with gaps filled (see {@link #assemble}). */
  public record Assembled(
      double[][] millivolts,
      long coveredSamples,
      long startTimeMs,
      long endTimeMs,
      long lastProducedAtMs,
      List<String> groundTruth) {}

  private WindowAssembler() {}

  /** How many samples of [start, start + length) the segments cover. Segments are in first-index order. */
  public static long covered(List<Segment> segments, long start, int length) {
    long end = start + length;
    long covered = 0;
    long reach = start; // samples before reach are counted already
    for (Segment s : segments) {
      long from = Math.max(Math.max(s.firstIndex(), start), reach);
      long to = Math.min(s.endIndex(), end);
      if (to > from) {
        covered += to - from;
        reach = to;
      }
    }
    return covered;
  }

  /**
   * The window's samples. A sample no segment covers takes its lead's mean over the covered samples,
   * so after the model's per-lead mean removal a gap reads as a flat line rather than a step.
   */
  public static Assembled assemble(List<Segment> segments, long start, int length, int leads) {
    double[][] mv = new double[leads][length];
    boolean[] have = new boolean[length];
    long end = start + length;
    long lastProduced = Long.MIN_VALUE;
    long startTime = 0;
    boolean timed = false;
    List<String> truth = null;
    for (Segment s : segments) {
      long from = Math.max(s.firstIndex(), start);
      long to = Math.min(s.endIndex(), end);
      if (to <= from) {
        continue;
      }
      if (!timed) {
        startTime = s.timeOfIndexMs(start);
        timed = true;
      }
      lastProduced = Math.max(lastProduced, s.producedAtMs());
      if (s.groundTruth() != null) {
        truth = s.groundTruth();
      }
      int off = (int) (from - s.firstIndex());
      int at = (int) (from - start);
      int n = (int) (to - from);
      for (int l = 0; l < leads; l++) {
        double gain = s.gainPerMv()[l];
        int base = s.baseline()[l];
        short[] c = s.counts()[l];
        double[] dst = mv[l];
        for (int i = 0; i < n; i++) {
          dst[at + i] = (c[off + i] - base) / gain;
        }
      }
      for (int i = 0; i < n; i++) {
        have[at + i] = true;
      }
    }
    long covered = 0;
    for (boolean h : have) {
      covered += h ? 1 : 0;
    }
    if (covered < length && covered > 0) {
      for (int l = 0; l < leads; l++) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
          sum += have[i] ? mv[l][i] : 0;
        }
        double mean = sum / covered;
        for (int i = 0; i < length; i++) {
          if (!have[i]) {
            mv[l][i] = mean;
          }
        }
      }
    }
    int rate = segments.isEmpty() ? 1 : segments.get(0).sampleRateHz();
    long endTime = startTime + Math.round(length * 1000.0 / rate);
    return new Assembled(mv, covered, startTime, endTime, lastProduced, truth);
  }
}
