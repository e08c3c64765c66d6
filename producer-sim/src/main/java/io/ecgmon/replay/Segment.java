package io.ecgmon.replay;

import java.util.List;

/**
 * A contiguous piece of one patient's session, what one EcgSegment record carries: counts [lead][sample]
 * with the session's sample index and acquisition time of its first sample, the ground-truth labels of
 * the recordings it came from and the patient's demographics at the time.
 */
public record Segment(String patientId, String recordingId, int rateHz, List<String> leads, float[] gainPerMv,
    int[] baseline, long firstSampleIndex, long firstSampleTimeMillis, short[][] counts, List<String> groundTruth,
    FeedRecord.Demographics demographics) {

  public int samples() {
    return counts.length == 0 ? 0 : counts[0].length;
  }

  /** Session time at the end of the segment, seconds: when its last sample has been acquired. */
  public double endSeconds() {
    return (firstSampleIndex + samples()) / (double) rateHz;
  }
}
