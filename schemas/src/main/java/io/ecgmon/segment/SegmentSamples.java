package io.ecgmon.segment;

import io.ecgmon.avro.EcgSegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The sample layout of {@link EcgSegment}: int16 little-endian ADC counts, lead-major. Kept beside the
 * schema so the producer and the stream processor cannot disagree on it.
 */
public final class SegmentSamples {

  private SegmentSamples() {}

  /** counts[lead][i] -> the {@code samples} bytes. */
  public static ByteBuffer encode(short[][] counts) {
    int leads = counts.length;
    int n = leads == 0 ? 0 : counts[0].length;
    ByteBuffer buffer = ByteBuffer.allocate(leads * n * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short[] lead : counts) {
      if (lead.length != n) {
        throw new IllegalArgumentException("leads have different lengths: " + lead.length + " vs " + n);
      }
      for (short v : lead) {
        buffer.putShort(v);
      }
    }
    return buffer.flip();
  }

  /**
   * The segment's samples in mV, [lead][i]: (count - baseline) / gain. Throws IllegalArgumentException
   * when the segment's sizes disagree or a gain is not a positive number.
   */
  public static double[][] toMillivolts(EcgSegment segment) {
    int leads = segment.getLeads().size();
    int n = segment.getSamplesPerLead();
    ByteBuffer bytes = segment.getSamples().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (n <= 0) {
      throw new IllegalArgumentException("samplesPerLead is " + n);
    }
    if (bytes.remaining() != leads * n * 2) {
      throw new IllegalArgumentException("samples hold " + bytes.remaining() + " bytes, expected " + leads + " leads x "
          + n + " samples x 2");
    }
    if (segment.getGainPerMv().size() != leads || segment.getBaseline().size() != leads) {
      throw new IllegalArgumentException("gainPerMv/baseline have " + segment.getGainPerMv().size() + "/"
          + segment.getBaseline().size() + " entries for " + leads + " leads");
    }
    double[][] out = new double[leads][n];
    for (int lead = 0; lead < leads; lead++) {
      double gain = segment.getGainPerMv().get(lead);
      if (!(gain > 0) || Double.isInfinite(gain)) {
        throw new IllegalArgumentException("gain of lead " + segment.getLeads().get(lead) + " is " + gain);
      }
      int baseline = segment.getBaseline().get(lead);
      for (int i = 0; i < n; i++) {
        out[lead][i] = (bytes.getShort() - baseline) / gain;
      }
    }
    return out;
  }
}
