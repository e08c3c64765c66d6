package io.ecgmon.cli.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The evaluation figures, computed exactly as {@code model/ecgmon_model/metrics.py} computes them, so a
 * streaming evaluation and the offline one can be compared number for number: per-class ROC AUC
 * (scikit-learn's {@code roc_auc_score}: the trapezoidal area, which equals the Mann-Whitney statistic
 * with tied scores counted half), macro AUC as the mean over the classes whose AUC is defined, and at the
 * model card's thresholds (a window is positive when {@code probability >= threshold}, compared in
 * float32 as NumPy does) accuracy, F1, sensitivity, specificity.
 */
public final class Metrics {

  private Metrics() {}

  /** One class's figures. AUC is NaN when the set holds only one value of the class. */
  public record ClassReport(String label, double threshold, double auc, double accuracy, double f1,
      double sensitivity, double specificity, double balancedAccuracy, double prevalence, long tp, long fp, long fn,
      long tn) {}

  /** The whole set's figures; {@code top1} is the confusion of single-label records (true x argmax). */
  public record Report(int n, double macroAuc, List<ClassReport> perClass, long[][] top1, long exactMatch) {}

  /**
   * @param truth [record][class] multi-hot ground truth
   * @param probabilities [record][class] model outputs
   * @param thresholds per class, the model card's (float32, as the model card's values are used in serving)
   */
  public static Report evaluate(List<String> labels, boolean[][] truth, float[][] probabilities, float[] thresholds) {
    int n = truth.length;
    int k = labels.size();
    List<ClassReport> per = new ArrayList<>();
    double aucSum = 0;
    int defined = 0;
    for (int c = 0; c < k; c++) {
      boolean[] y = column(truth, c);
      float[] p = column(probabilities, c);
      double auc = auc(y, p);
      if (Double.isFinite(auc)) {
        aucSum += auc;
        defined++;
      }
      long tp = 0;
      long fp = 0;
      long fn = 0;
      long tn = 0;
      for (int i = 0; i < n; i++) {
        boolean predicted = p[i] >= thresholds[c];
        if (predicted && y[i]) {
          tp++;
        } else if (predicted) {
          fp++;
        } else if (y[i]) {
          fn++;
        } else {
          tn++;
        }
      }
      double sens = tp + fn > 0 ? (double) tp / (tp + fn) : 0;
      double spec = tn + fp > 0 ? (double) tn / (tn + fp) : 0;
      double f1 = tp > 0 ? 2.0 * tp / (2.0 * tp + fp + fn) : 0;
      per.add(new ClassReport(labels.get(c), thresholds[c], auc, n == 0 ? 0 : (double) (tp + tn) / n, f1, sens, spec,
          (sens + spec) / 2, n == 0 ? 0 : (double) (tp + fn) / n, tp, fp, fn, tn));
    }
    long[][] top1 = new long[k][k];
    long exact = 0;
    for (int i = 0; i < n; i++) {
      int trueClass = -1;
      int count = 0;
      boolean same = true;
      for (int c = 0; c < k; c++) {
        if (truth[i][c]) {
          trueClass = c;
          count++;
        }
        same &= truth[i][c] == (probabilities[i][c] >= thresholds[c]);
      }
      if (same) {
        exact++;
      }
      if (count == 1) {
        top1[trueClass][argmax(probabilities[i])]++;
      }
    }
    return new Report(n, defined == 0 ? Double.NaN : aucSum / defined, per, top1, exact);
  }

  /** ROC AUC with ties counted half (scikit-learn's value); NaN unless both values of y are present. */
  public static double auc(boolean[] y, float[] p) {
    int n = y.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(p[a], p[b]));
    long positives = 0;
    double rankSum = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && p[order[j + 1]] == p[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1; // average rank of a run of ties, 1-based
      for (int t = i; t <= j; t++) {
        if (y[order[t]]) {
          positives++;
          rankSum += rank;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /** ROC curve points (false positive rate, true positive rate) from (0, 0) to (1, 1), one per distinct score. */
  public static double[][] roc(boolean[] y, float[] p) {
    int n = y.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(p[b], p[a]));
    long pos = 0;
    for (boolean v : y) {
      pos += v ? 1 : 0;
    }
    long neg = n - pos;
    List<double[]> pts = new ArrayList<>();
    pts.add(new double[] {0, 0});
    long tp = 0;
    long fp = 0;
    for (int i = 0; i < n; i++) {
      if (y[order[i]]) {
        tp++;
      } else {
        fp++;
      }
      if (i + 1 == n || p[order[i + 1]] != p[order[i]]) {
        pts.add(new double[] {neg == 0 ? 0 : (double) fp / neg, pos == 0 ? 0 : (double) tp / pos});
      }
    }
    return pts.toArray(double[][]::new);
  }

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  private static boolean[] column(boolean[][] m, int c) {
    boolean[] out = new boolean[m.length];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i][c];
    }
    return out;
  }

  private static float[] column(float[][] m, int c) {
    float[] out = new float[m.length];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i][c];
    }
    return out;
  }
}
