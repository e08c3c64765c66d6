package io.ecgmon.cli.web;

import io.ecgmon.avro.EcgSegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last seconds of one patient's ECG, downsampled for drawing: each output point is the mean of
 * the input samples falling into its 1/rate s bucket (a box filter, enough against aliasing for a
 * picture; not for analysis). Invalid samples (-32768, lead-off) are left out of the mean; a bucket
 * with none valid, and a gap between segments, become NaN so the drawn line breaks there. A new
 * recording id or lead set starts the strip over. Not thread-safe: callers synchronize.
 */
public final class StripBuffer {

  static final short INVALID = Short.MIN_VALUE;

  /** One drawn point: time of its bucket's first sample (epoch ms) and one value per lead, in mV. */
  public record Point(long timeMs, float[] millivolts) {}

  private final double rateHz;
  private final long spanMs;
  private final ArrayDeque<Point> points = new ArrayDeque<>();
  private String recordingId;
  private List<String> leads = List.of();
  private double sourceRateHz;
  private long nextSampleIndex = -1;
  // the bucket being filled, carried across segments
  private long bucket = Long.MIN_VALUE;
  private long bucketTimeMs;
  private double[] sums;
  private int[] counts;

  public StripBuffer(double rateHz, long spanMs) {
    this.rateHz = rateHz;
    this.spanMs = spanMs;
  }

  public void add(EcgSegment s) {
    int nLeads = s.getLeads().size();
    int n = s.getSamplesPerLead();
    ByteBuffer bytes = s.getSamples().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (n <= 0 || nLeads == 0 || bytes.remaining() != nLeads * n * 2 || !(s.getSampleRateHz() > 0)
        || s.getGainPerMv().size() != nLeads || s.getBaseline().size() != nLeads) {
      return; // malformed: the monitor dead-letters these; a picture just skips them
    }
    if (!s.getRecordingId().equals(recordingId) || !s.getLeads().equals(leads)
        || s.getSampleRateHz() != sourceRateHz) {
      reset(s);
    } else if (s.getFirstSampleIndex() != nextSampleIndex) {
      flush();
      points.add(new Point(s.getFirstSampleTime().toEpochMilli(), nanPoint(nLeads)));
      bucket = Long.MIN_VALUE;
    }
    short[] counts16 = new short[nLeads * n];
    bytes.asShortBuffer().get(counts16);
    double fs = s.getSampleRateHz();
    long t0 = s.getFirstSampleTime().toEpochMilli();
    for (int i = 0; i < n; i++) {
      long index = s.getFirstSampleIndex() + i;
      long b = (long) Math.floor(index * rateHz / fs);
      if (b != bucket) {
        flush();
        bucket = b;
        bucketTimeMs = t0 + Math.round(i * 1000.0 / fs);
      }
      for (int lead = 0; lead < nLeads; lead++) {
        short c = counts16[lead * n + i];
        if (c != INVALID) {
          sums[lead] += (c - s.getBaseline().get(lead)) / (double) s.getGainPerMv().get(lead);
          counts[lead]++;
        }
      }
    }
    nextSampleIndex = s.getFirstSampleIndex() + n;
    trim();
  }

  private void reset(EcgSegment s) {
    points.clear();
    recordingId = s.getRecordingId();
    leads = List.copyOf(s.getLeads());
    sourceRateHz = s.getSampleRateHz();
    sums = new double[leads.size()];
    counts = new int[leads.size()];
    bucket = Long.MIN_VALUE;
  }

  private void flush() {
    if (bucket == Long.MIN_VALUE) {
      return;
    }
    float[] mv = new float[sums.length];
    for (int lead = 0; lead < mv.length; lead++) {
      mv[lead] = counts[lead] == 0 ? Float.NaN : (float) (sums[lead] / counts[lead]);
      sums[lead] = 0;
      counts[lead] = 0;
    }
    points.add(new Point(bucketTimeMs, mv));
    bucket = Long.MIN_VALUE;
  }

  private void trim() {
    if (points.isEmpty()) {
      return;
    }
    long newest = points.peekLast().timeMs();
    while (!points.isEmpty() && points.peekFirst().timeMs() < newest - spanMs) {
      points.pollFirst();
    }
  }

  private static float[] nanPoint(int leads) {
    float[] p = new float[leads];
    java.util.Arrays.fill(p, Float.NaN);
    return p;
  }

  /** The complete points, oldest first (the bucket still filling is not included). */
  public List<Point> points() {
    return new ArrayList<>(points);
  }

  public List<String> leads() {
    return leads;
  }

  public double rateHz() {
    return rateHz;
  }
}
