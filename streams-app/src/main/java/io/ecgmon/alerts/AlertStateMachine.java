package io.ecgmon.alerts;

import io.ecgmon.avro.AlertKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a patient's abnormal findings change. A class turns on after {@code k} consecutive windows at
 * or above its threshold and off after {@code k} consecutive windows below it (hysteresis: a class
 * wavering around its threshold raises nothing). NORM never alerts. From the set of classes on before
 * and after a window: none -> some is ONSET, some -> other some is UPDATE, some -> none is RESOLVED.
 * Pure: no Kafka, no clock.
 */
public final class AlertStateMachine {

  /** What a window changed: the new state, and the alert to raise if any. */
  public record Step(AlertState state, Change change) {}

  /** An alert to raise: kind, classes now on (empty on RESOLVED), confidence as the Alert schema defines it. */
  public record Change(AlertKind kind, List<String> classes, float confidence) {}

  public static final String NORMAL = "NORM";

  private final List<String> labels;
  private final Map<String, Float> thresholds;
  private final int k;

  public AlertStateMachine(List<String> labels, Map<String, Float> thresholds, int consecutive) {
    if (consecutive < 1) {
      throw new IllegalArgumentException("alert consecutive windows must be >= 1, not " + consecutive);
    }
    this.labels = labels;
    this.thresholds = thresholds;
    this.k = consecutive;
  }

  public Step next(AlertState state, float[] probabilities) {
    Set<String> active = new TreeSet<>(state.active());
    Map<String, Integer> above = new HashMap<>(state.above());
    Map<String, Integer> below = new HashMap<>(state.below());
    float highestAbnormal = 0f;
    for (int i = 0; i < labels.size(); i++) {
      String label = labels.get(i);
      if (NORMAL.equals(label)) {
        continue;
      }
      float p = probabilities[i];
      highestAbnormal = Math.max(highestAbnormal, p);
      if (p >= thresholds.get(label)) {
        above.merge(label, 1, Integer::sum);
        below.put(label, 0);
        if (above.get(label) >= k) {
          active.add(label);
        }
      } else {
        below.merge(label, 1, Integer::sum);
        above.put(label, 0);
        if (below.get(label) >= k) {
          active.remove(label);
        }
      }
      // saturate: only "at least k" matters, and the state stays small and stable
      above.computeIfPresent(label, (l, v) -> Math.min(v, k));
      below.computeIfPresent(label, (l, v) -> Math.min(v, k));
    }
    AlertState next = new AlertState(active, above, below);
    Change change = null;
    if (!active.equals(state.active())) {
      List<String> classes = List.copyOf(active);
      if (state.active().isEmpty()) {
        change = new Change(AlertKind.ONSET, classes, highest(classes, probabilities));
      } else if (active.isEmpty()) {
        change = new Change(AlertKind.RESOLVED, List.of(), 1f - highestAbnormal);
      } else {
        change = new Change(AlertKind.UPDATE, classes, highest(classes, probabilities));
      }
    }
    return new Step(next, change);
  }

  private float highest(List<String> classes, float[] probabilities) {
    float best = 0f;
    for (String c : classes) {
      best = Math.max(best, probabilities[labels.indexOf(c)]);
    }
    return best;
  }
}
