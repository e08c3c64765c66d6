package io.ecgmon.replay;

import java.util.List;

/**
 * One recording a patient's feed plays: int16 counts [lead][sample] with the layout needed to read them
 * (rate, lead names, gain and baseline per lead), its ground-truth labels and the patient's
 * demographics at the time of the recording.
 */
public record FeedRecord(String name, int rateHz, List<String> leads, float[] gainPerMv, int[] baseline,
    short[][] counts, List<String> labels, Demographics demographics) {

  /** What PatientInfo carries; any field may be null. */
  public record Demographics(Float ageYears, Integer sex, Float heightCm, Float weightKg) {

    public static final Demographics UNKNOWN = new Demographics(null, null, null, null);
  }

  public FeedRecord {
    leads = List.copyOf(leads);
    labels = List.copyOf(labels);
    if (counts.length != leads.size() || gainPerMv.length != leads.size() || baseline.length != leads.size()) {
      throw new IllegalArgumentException(name + ": " + leads.size() + " leads but " + counts.length + " signals, "
          + gainPerMv.length + " gains, " + baseline.length + " baselines");
    }
  }

  public int samples() {
    return counts.length == 0 ? 0 : counts[0].length;
  }

  /** Whether samples of {@code other} can continue a segment of this record (same rate, leads, scaling). */
  public boolean sameLayout(FeedRecord other) {
    return rateHz == other.rateHz && leads.equals(other.leads)
        && java.util.Arrays.equals(gainPerMv, other.gainPerMv) && java.util.Arrays.equals(baseline, other.baseline);
  }
}
