package io.ecgmon.replay;

/**
 * Fault injection for reliability tests, each fault by its rate per segment (0..1); all decisions come
 * from the run's seed, per patient, so a run is reproducible.
 *
 * @param drop segment never sent (a gap in the sample indices)
 * @param duplicate segment sent twice
 * @param reorder segment held back and sent after the next 1..reorderWindow-1 segments of its patient
 * @param reorderWindow see reorder (at least 2)
 * @param late segment sent lateSeconds (session time) after it was due
 * @param lateSeconds see late
 * @param corrupt serialized value bytes damaged so that deserialization fails (bad magic byte,
 *     unknown schema id or truncated Avro payload)
 * @param nanBurst a burst of invalid samples (-32768) starts in the segment: one lead, or all of them
 * @param flatBurst a flat-line (lead off) burst starts: one lead held at its baseline
 * @param burstSeconds length of NaN and flat-line bursts
 */
public record FaultConfig(double drop, double duplicate, double reorder, int reorderWindow, double late,
    double lateSeconds, double corrupt, double nanBurst, double flatBurst, double burstSeconds) {

  public static final FaultConfig NONE = new FaultConfig(0, 0, 0, 4, 0, 30, 0, 0, 0, 2);

  public FaultConfig {
    check("drop", drop);
    check("duplicate", duplicate);
    check("reorder", reorder);
    check("late", late);
    check("corrupt", corrupt);
    check("nan-burst", nanBurst);
    check("flat-burst", flatBurst);
    if (reorderWindow < 2) {
      throw new IllegalArgumentException("the reorder window must be at least 2 segments, not " + reorderWindow);
    }
    if (!(lateSeconds > 0)) {
      throw new IllegalArgumentException("late arrival needs a positive delay, not " + lateSeconds);
    }
    if (!(burstSeconds > 0)) {
      throw new IllegalArgumentException("bursts need a positive length, not " + burstSeconds);
    }
  }

  private static void check(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " rate must be between 0 and 1, not " + rate);
    }
  }

  public boolean any() {
    return drop + duplicate + reorder + late + corrupt + nanBurst + flatBurst > 0;
  }
}
