package io.ecgmon.window;

import java.util.List;

/**
 * A validated ECG segment, leads in the feature spec's order: int16 ADC counts with per-lead gain
 * (counts per mV) and baseline. Covers sample indices [firstIndex, firstIndex + samplesPerLead) of
 * its recording, at its own integer sample rate.
 */
public record Segment(
    String patientId,
    String recordingId,
    int sampleRateHz,
    long firstIndex,
    long firstSampleTimeMs,
    long producedAtMs,
    float[] gainPerMv,
    int[] baseline,
    short[][] counts,
    List<String> groundTruth) {

  public int samplesPerLead() {
    return counts[0].length;
  }

  /** One past the last sample index. */
  public long endIndex() {
    return firstIndex + samplesPerLead();
  }

  /** Acquisition time of sample {@code index} (which may lie outside the segment) by this segment's clock. */
  public long timeOfIndexMs(long index) {
    return firstSampleTimeMs + Math.round((index - firstIndex) * 1000.0 / sampleRateHz);
  }

  public double millivolts(int lead, int i) {
    return (counts[lead][i] - baseline[lead]) / (double) gainPerMv[lead];
  }
}
