package io.ecgmon.window;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The state-store form of a {@link Segment}: compact binary, int16 samples as they arrived (2 bytes per
 * sample, like the topic), so the changelog carries no more than the input. A leading version byte
 * lets a later build read older state. Equal segments encode to equal bytes, which is how duplicates
 * are recognised.
 */
public final class SegmentCodec {

  private static final byte VERSION = 1;

  private SegmentCodec() {}

  public static byte[] encode(Segment s) {
    int leads = s.counts().length;
    int n = s.samplesPerLead();
    byte[] patient = s.patientId().getBytes(StandardCharsets.UTF_8);
    byte[] recording = s.recordingId().getBytes(StandardCharsets.UTF_8);
    List<byte[]> truth = new ArrayList<>();
    int truthBytes = 0;
    if (s.groundTruth() != null) {
      for (String t : s.groundTruth()) {
        byte[] b = t.getBytes(StandardCharsets.UTF_8);
        truth.add(b);
        truthBytes += 4 + b.length;
      }
    }
    int size = 1 + 4 + patient.length + 4 + recording.length + 4 + 8 + 8 + 8 + 4 + 4 + leads * 8 + 4 + truthBytes
        + leads * n * 2;
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.put(VERSION);
    b.putInt(patient.length).put(patient);
    b.putInt(recording.length).put(recording);
    b.putInt(s.sampleRateHz()).putLong(s.firstIndex()).putLong(s.firstSampleTimeMs()).putLong(s.producedAtMs());
    b.putInt(leads).putInt(n);
    for (int l = 0; l < leads; l++) {
      b.putFloat(s.gainPerMv()[l]).putInt(s.baseline()[l]);
    }
    b.putInt(s.groundTruth() == null ? -1 : truth.size());
    for (byte[] t : truth) {
      b.putInt(t.length).put(t);
    }
    for (short[] lead : s.counts()) {
      for (short v : lead) {
        b.putShort(v);
      }
    }
    return b.array();
  }

  public static Segment decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte version = b.get();
    if (version != VERSION) {
      throw new IllegalStateException("segment state version " + version + " is not readable by this build");
    }
    String patient = string(b);
    String recording = string(b);
    int rate = b.getInt();
    long first = b.getLong();
    long time = b.getLong();
    long produced = b.getLong();
    int leads = b.getInt();
    int n = b.getInt();
    float[] gains = new float[leads];
    int[] baselines = new int[leads];
    for (int l = 0; l < leads; l++) {
      gains[l] = b.getFloat();
      baselines[l] = b.getInt();
    }
    int truthCount = b.getInt();
    List<String> truth = null;
    if (truthCount >= 0) {
      truth = new ArrayList<>(truthCount);
      for (int i = 0; i < truthCount; i++) {
        truth.add(string(b));
      }
    }
    short[][] counts = new short[leads][n];
    for (int l = 0; l < leads; l++) {
      b.asShortBuffer().get(counts[l]);
      b.position(b.position() + 2 * n);
    }
    return new Segment(patient, recording, rate, first, time, produced, gains, baselines, counts,
        truth == null ? null : List.copyOf(truth));
  }

  private static String string(ByteBuffer b) {
    byte[] s = new byte[b.getInt()];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }
}
