package io.ecgmon.cli.web;

import io.ecgmon.avro.EcgSegment;
import io.ecgmon.segment.SegmentSamples;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Test ECG segments: every lead holds the same counts. */
public final class Segments {

  static final List<String> LEADS =
      List.of("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6");

  private Segments() {}

  /** {@code counts} samples at {@code hz}, gain 200 counts/mV, baseline 0, starting at {@code firstIndex}. */
  public static EcgSegment segment(String patient, String recording, float hz, long firstIndex, short[] counts) {
    short[][] leads = new short[LEADS.size()][];
    for (int i = 0; i < leads.length; i++) {
      leads[i] = counts;
    }
    Instant t0 = Instant.parse("2026-11-25T14:00:00Z").plusMillis(Math.round(firstIndex * 1000.0 / hz));
    return EcgSegment.newBuilder().setPatientId(patient).setRecordingId(recording).setSampleRateHz(hz)
        .setLeads(LEADS).setFirstSampleIndex(firstIndex).setFirstSampleTime(t0).setSamplesPerLead(counts.length)
        .setGainPerMv(new ArrayList<>(Collections.nCopies(LEADS.size(), 200f)))
        .setBaseline(new ArrayList<>(Collections.nCopies(LEADS.size(), 0)))
        .setSamples(SegmentSamples.encode(leads)).setProducedAt(t0).build();
  }

  /** n samples counting 0, 1, 2, ... */
  public static short[] ramp(int n) {
    short[] c = new short[n];
    for (int i = 0; i < n; i++) {
      c[i] = (short) i;
    }
    return c;
  }
}
