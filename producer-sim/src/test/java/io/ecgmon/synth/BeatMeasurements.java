package io.ecgmon.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures a 12-lead signal the way a reader of an ECG does, independently of how it was made: R peaks
 * from the spatial velocity (sum over leads of |dx/dt|), a median beat per lead, the PR-segment
 * baseline, QRS onset and offset (where the median beat's spatial velocity leaves and returns to its
 * low level), the J point, the ST level at J + 60 ms, and wave extremes.
 */
final class BeatMeasurements {

  final double rate;
  final double[][] median;   // [lead][sample], R at index r
  final int r;
  final int qrsOnset;
  final int qrsOffset;
  final double heartRateBpm;

  BeatMeasurements(double[][] raw, double rate) {
    this.rate = rate;
    // a 10 ms moving average first: muscle noise would otherwise dominate the sample-to-sample velocity
    double[][] signal = smooth(raw, Math.max(1, (int) Math.round(0.01 * rate)));
    int n = signal[0].length;
    double[] velocity = new double[n];
    for (double[] lead : signal) {
      for (int i = 1; i < n; i++) {
        velocity[i] += Math.abs(lead[i] - lead[i - 1]);
      }
    }
    double[] sorted = velocity.clone();
    Arrays.sort(sorted);
    double threshold = 0.5 * sorted[(int) (0.99 * (n - 1))];
    List<Integer> peaks = new ArrayList<>();
    int refractory = (int) (0.3 * rate);
    for (int i = 0; i < n; i++) {
      if (velocity[i] > threshold) {
        // the beat's fiducial point: the largest velocity within 120 ms
        int best = i;
        for (int k = i; k < Math.min(n, i + (int) (0.12 * rate)); k++) {
          if (velocity[k] > velocity[best]) {
            best = k;
          }
        }
        peaks.add(best);
        i = best + refractory;
      }
    }
    heartRateBpm = 60.0 * rate * (peaks.size() - 1) / (peaks.get(peaks.size() - 1) - peaks.get(0));
    int before = (int) (0.4 * rate);
    int after = (int) (0.6 * rate);
    List<Integer> usable = peaks.stream().filter(p -> p - before >= 0 && p + after < n).toList();
    median = new double[signal.length][before + after];
    for (int l = 0; l < signal.length; l++) {
      for (int k = 0; k < before + after; k++) {
        double[] v = new double[usable.size()];
        for (int b = 0; b < usable.size(); b++) {
          v[b] = signal[l][usable.get(b) - before + k];
        }
        Arrays.sort(v);
        median[l][k] = v[v.length / 2];
      }
    }
    // re-centre on the median beat's largest spatial velocity, then find where QRS activity starts and ends
    double[] mv = new double[before + after];
    for (double[] lead : median) {
      for (int k = 1; k < mv.length; k++) {
        mv[k] += Math.abs(lead[k] - lead[k - 1]);
      }
    }
    int centre = before;
    for (int k = before - (int) (0.05 * rate); k < before + (int) (0.05 * rate); k++) {
      if (mv[k] > mv[centre]) {
        centre = k;
      }
    }
    r = centre;
    double level = 0.15 * mv[centre];
    int on = centre;
    int limit = (int) (0.15 * rate);
    while (on > centre - limit && maxAround(mv, on - 1, (int) (0.01 * rate)) > level) {
      on--;
    }
    int off = centre;
    while (off < centre + limit && maxAround(mv, off + 1, (int) (0.01 * rate)) > level) {
      off++;
    }
    qrsOnset = on;
    qrsOffset = off;
  }

  private static double[][] smooth(double[][] x, int w) {
    double[][] out = new double[x.length][];
    for (int l = 0; l < x.length; l++) {
      out[l] = new double[x[l].length];
      double sum = 0;
      for (int i = 0; i < x[l].length; i++) {
        sum += x[l][i];
        if (i >= w) {
          sum -= x[l][i - w];
        }
        out[l][i] = sum / Math.min(i + 1, w);
      }
    }
    return out;
  }

  private static double maxAround(double[] x, int i, int half) {
    double m = 0;
    for (int k = Math.max(0, i - half); k <= Math.min(x.length - 1, i + half); k++) {
      m = Math.max(m, x[k]);
    }
    return m;
  }

  int ms(double milliseconds) {
    return (int) Math.round(milliseconds / 1000 * rate);
  }

  double qrsMillis() {
    return (qrsOffset - qrsOnset) * 1000 / rate;
  }

  /** Mean of the PR segment (40..10 ms before QRS onset). */
  double baseline(Lead lead) {
    double[] x = median[lead.ordinal()];
    double s = 0;
    int from = qrsOnset - ms(40);
    int to = qrsOnset - ms(10);
    for (int k = from; k <= to; k++) {
      s += x[k];
    }
    return s / (to - from + 1);
  }

  /** ST level at J + 60 ms against the PR baseline, mV. */
  double st(Lead lead) {
    return median[lead.ordinal()][qrsOffset + ms(60)] - baseline(lead);
  }

  /** Largest and smallest deflection within the QRS, against the baseline. */
  double qrsMax(Lead lead) {
    return extreme(lead, qrsOnset, qrsOffset, true);
  }

  double qrsMin(Lead lead) {
    return extreme(lead, qrsOnset, qrsOffset, false);
  }

  /** Deepest deflection in the first 40 ms of the QRS (a Q wave). */
  double initialMin(Lead lead) {
    return extreme(lead, qrsOnset, qrsOnset + ms(40), false);
  }

  /** The T wave: the extreme of largest size from J + 80 ms to J + 360 ms, signed. */
  double t(Lead lead) {
    double hi = extreme(lead, qrsOffset + ms(80), Math.min(median[0].length - 1, qrsOffset + ms(360)), true);
    double lo = extreme(lead, qrsOffset + ms(80), Math.min(median[0].length - 1, qrsOffset + ms(360)), false);
    return Math.abs(hi) >= Math.abs(lo) ? hi : lo;
  }

  private double extreme(Lead lead, int from, int to, boolean max) {
    double b = baseline(lead);
    double best = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    for (int k = from; k <= to; k++) {
      double v = median[lead.ordinal()][k] - b;
      best = max ? Math.max(best, v) : Math.min(best, v);
    }
    return best;
  }
}
