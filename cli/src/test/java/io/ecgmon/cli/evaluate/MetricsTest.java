package io.ecgmon.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void aucCountsTiedScoresHalf() {
    // pairs (positive, negative): (0.8, 0.8) half, (0.8, 0.2) won, (0.6, 0.8) lost, (0.6, 0.2) won: 2.5 of 4
    boolean[] y = {true, false, true, false};
    float[] p = {0.8f, 0.8f, 0.6f, 0.2f};
    assertThat(Metrics.auc(y, p)).isEqualTo(0.625);
    assertThat(Metrics.auc(new boolean[] {true, true}, new float[] {0.1f, 0.9f})).isNaN();
    assertThat(Metrics.auc(new boolean[] {false, true}, new float[] {0.1f, 0.9f})).isEqualTo(1.0);
    assertThat(Metrics.auc(new boolean[] {true, false}, new float[] {0.1f, 0.9f})).isEqualTo(0.0);
  }

  @Test
  void rocCurveAreaEqualsTheAuc() {
    boolean[] y = {true, false, true, false, true, false, false};
    float[] p = {0.9f, 0.7f, 0.7f, 0.4f, 0.3f, 0.3f, 0.1f};
    double[][] roc = Metrics.roc(y, p);
    assertThat(roc[0]).containsExactly(0, 0);
    assertThat(roc[roc.length - 1]).containsExactly(1, 1);
    double area = 0;
    for (int i = 1; i < roc.length; i++) {
      area += (roc[i][0] - roc[i - 1][0]) * (roc[i][1] + roc[i - 1][1]) / 2;
    }
    assertThat(area).isCloseTo(Metrics.auc(y, p), within(1e-12));
  }

  @Test
  void thresholdedFiguresCountAtOrAboveTheThreshold() {
    List<String> labels = List.of("A", "B");
    boolean[][] truth = {{true, false}, {true, true}, {false, false}, {false, true}};
    float[][] probs = {{0.5f, 0.1f}, {0.4f, 0.9f}, {0.6f, 0.2f}, {0.1f, 0.3f}};
    Metrics.Report r = Metrics.evaluate(labels, truth, probs, new float[] {0.5f, 0.3f});
    Metrics.ClassReport a = r.perClass().get(0);
    // A: predicted for rows 0 (0.5 >= 0.5) and 2; true for rows 0 and 1
    assertThat(List.of(a.tp(), a.fp(), a.fn(), a.tn())).containsExactly(1L, 1L, 1L, 1L);
    assertThat(a.accuracy()).isEqualTo(0.5);
    assertThat(a.f1()).isEqualTo(0.5);
    assertThat(a.prevalence()).isEqualTo(0.5);
    Metrics.ClassReport b = r.perClass().get(1);
    assertThat(List.of(b.tp(), b.fp(), b.fn(), b.tn())).containsExactly(2L, 0L, 0L, 2L);
    assertThat(b.sensitivity()).isEqualTo(1.0);
    assertThat(b.auc()).isEqualTo(1.0);
    assertThat(r.macroAuc()).isEqualTo((a.auc() + b.auc()) / 2);
    // exact label-set match: row 0 ({A} vs {A}) and row 3 ({B} vs {B}); row 1 misses A, row 2 predicts A
    assertThat(r.exactMatch()).isEqualTo(2);
    // single-label rows 0 (A, argmax A) and 3 (B, argmax B)
    assertThat(r.top1()[0][0]).isEqualTo(1);
    assertThat(r.top1()[1][1]).isEqualTo(1);
  }

  @Test
  void macroAucLeavesOutClassesWithoutBothValues() {
    boolean[][] truth = {{true, false}, {false, false}};
    float[][] probs = {{0.9f, 0.5f}, {0.1f, 0.5f}};
    Metrics.Report r = Metrics.evaluate(List.of("A", "B"), truth, probs, new float[] {0.5f, 0.5f});
    assertThat(r.perClass().get(1).auc()).isNaN();
    assertThat(r.macroAuc()).isEqualTo(1.0);
  }
}
