package io.ecgmon.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.avro.AlertKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertStateMachineTest {

  static final List<String> LABELS = List.of("NORM", "MI", "STTC", "CD", "HYP");
  static final Map<String, Float> THRESHOLDS = Map.of("NORM", 0.4f, "MI", 0.5f, "STTC", 0.5f, "CD", 0.5f, "HYP", 0.5f);
  final AlertStateMachine machine = new AlertStateMachine(LABELS, THRESHOLDS, 3);

  /** Runs the windows from the empty state; returns the change of each window (null = none). */
  List<AlertStateMachine.Change> run(float[]... windows) {
    AlertState state = AlertState.EMPTY;
    List<AlertStateMachine.Change> changes = new ArrayList<>();
    for (float[] w : windows) {
      AlertStateMachine.Step step = machine.next(state, w);
      state = AlertState.fromBytes(step.state().toBytes()); // as through the store
      changes.add(step.change());
    }
    return changes;
  }

  static float[] p(float norm, float mi, float sttc) {
    return new float[] {norm, mi, sttc, 0.1f, 0.1f};
  }

  @Test
  void onsetAfterKConsecutiveWindowsAboveThresholdWithTheHighestProbabilityAsConfidence() {
    List<AlertStateMachine.Change> c = run(p(0.2f, 0.6f, 0.1f), p(0.2f, 0.7f, 0.1f), p(0.2f, 0.65f, 0.1f),
        p(0.2f, 0.9f, 0.1f));
    assertThat(c.subList(0, 2)).containsOnlyNulls();
    assertThat(c.get(2).kind()).isEqualTo(AlertKind.ONSET);
    assertThat(c.get(2).classes()).containsExactly("MI");
    assertThat(c.get(2).confidence()).isEqualTo(0.65f);
    assertThat(c.get(3)).isNull(); // still on: no repeat
  }

  @Test
  void updateWhenTheSetChangesAndResolvedAfterKWindowsBelow() {
    List<AlertStateMachine.Change> c = run(
        p(0.2f, 0.6f, 0.1f), p(0.2f, 0.6f, 0.6f), p(0.2f, 0.6f, 0.6f), // MI on at 3
        p(0.2f, 0.6f, 0.7f), // STTC on at 4: UPDATE
        p(0.9f, 0.1f, 0.1f), p(0.9f, 0.1f, 0.1f), p(0.9f, 0.2f, 0.3f)); // both off at 7: RESOLVED
    assertThat(c.get(2).kind()).isEqualTo(AlertKind.ONSET);
    assertThat(c.get(3).kind()).isEqualTo(AlertKind.UPDATE);
    assertThat(c.get(3).classes()).containsExactly("MI", "STTC");
    assertThat(c.get(3).confidence()).isEqualTo(0.7f);
    assertThat(c.subList(4, 6)).containsOnlyNulls();
    assertThat(c.get(6).kind()).isEqualTo(AlertKind.RESOLVED);
    assertThat(c.get(6).classes()).isEmpty();
    assertThat(c.get(6).confidence()).isEqualTo(1f - 0.3f);
  }

  @Test
  void aClassWaveringAroundItsThresholdRaisesNothing() {
    float[][] windows = new float[20][];
    for (int i = 0; i < windows.length; i++) {
      windows[i] = p(0.5f, i % 3 == 2 ? 0.4f : 0.6f, 0.1f); // never 3 in a row above
    }
    assertThat(run(windows)).containsOnlyNulls();
  }

  @Test
  void normNeverAlerts() {
    assertThat(run(p(0.99f, 0f, 0f), p(0.99f, 0f, 0f), p(0.99f, 0f, 0f), p(0.99f, 0f, 0f))).containsOnlyNulls();
  }

  @Test
  void anActiveClassStaysOnUntilKWindowsBelow() {
    List<AlertStateMachine.Change> c = run(p(0, 0.6f, 0), p(0, 0.6f, 0), p(0, 0.6f, 0),
        p(0, 0.1f, 0), p(0, 0.1f, 0), p(0, 0.6f, 0), p(0, 0.1f, 0), p(0, 0.1f, 0), p(0, 0.1f, 0));
    assertThat(c.get(2).kind()).isEqualTo(AlertKind.ONSET);
    assertThat(c.subList(3, 8)).containsOnlyNulls();
    assertThat(c.get(8).kind()).isEqualTo(AlertKind.RESOLVED);
  }
}
