package io.ecgmon.window;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The small per-patient record beside the segments: which recording is the open session, its rate,
 * the start of the first window not yet classified ({@code committedStart}: advanced in the same
 * transaction as the classification is produced, which is what makes restarts exact), the highest
 * sample index seen, wall-clock time of the last segment, and how many segments are buffered.
 * Recently closed recordings are remembered so a straggler from one cannot reopen it.
 */
public record PatientHeader(
    String recordingId,
    int sampleRateHz,
    long committedStart,
    long maxEnd,
    long lastActivityMs,
    int segmentCount,
    List<String> closedRecordings) {

  static final int CLOSED_REMEMBERED = 8;

  /**
   * A new session. Its first window starts on the hop grid at or before the first segment seen minus
   * the grace period, so segments of the session's start that arrive late (within grace) still count.
   */
  public static PatientHeader open(Segment s, long hopSamples, long graceSamples, List<String> closed, long now) {
    long start = Math.floorDiv(Math.max(0, s.firstIndex() - graceSamples), hopSamples) * hopSamples;
    return new PatientHeader(s.recordingId(), s.sampleRateHz(), start, s.firstIndex(), now, 0, closed);
  }

  public PatientHeader withSegment(Segment s, long now) {
    return new PatientHeader(recordingId, sampleRateHz, committedStart, Math.max(maxEnd, s.endIndex()), now,
        segmentCount + 1, closedRecordings);
  }

  public PatientHeader withActivity(long now) {
    return new PatientHeader(recordingId, sampleRateHz, committedStart, maxEnd, now, segmentCount, closedRecordings);
  }

  public PatientHeader withCommittedStart(long start) {
    return new PatientHeader(recordingId, sampleRateHz, Math.max(committedStart, start), maxEnd, lastActivityMs,
        segmentCount, closedRecordings);
  }

  public PatientHeader withSegmentCount(int count) {
    return new PatientHeader(recordingId, sampleRateHz, committedStart, maxEnd, lastActivityMs, count,
        closedRecordings);
  }

  /** The closed-recordings list after this session closes, newest last, bounded. */
  public List<String> closedAfterThis() {
    List<String> out = new ArrayList<>(closedRecordings);
    out.add(recordingId);
    while (out.size() > CLOSED_REMEMBERED) {
      out.remove(0);
    }
    return List.copyOf(out);
  }

  public byte[] toBytes() {
    byte[] rec = recordingId.getBytes(StandardCharsets.UTF_8);
    List<byte[]> closed = closedRecordings.stream().map(c -> c.getBytes(StandardCharsets.UTF_8)).toList();
    int size = 1 + 4 + rec.length + 4 + 8 + 8 + 8 + 4 + 4 + closed.stream().mapToInt(c -> 4 + c.length).sum();
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put((byte) 1).putInt(rec.length).put(rec).putInt(sampleRateHz).putLong(committedStart).putLong(maxEnd)
        .putLong(lastActivityMs).putInt(segmentCount).putInt(closed.size());
    closed.forEach(c -> b.putInt(c.length).put(c));
    return b.array();
  }

  public static PatientHeader fromBytes(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (b.get() != 1) {
      throw new IllegalStateException("patient header state version is not readable by this build");
    }
    String rec = string(b);
    int rate = b.getInt();
    long committed = b.getLong();
    long maxEnd = b.getLong();
    long last = b.getLong();
    int count = b.getInt();
    int n = b.getInt();
    List<String> closed = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      closed.add(string(b));
    }
    return new PatientHeader(rec, rate, committed, maxEnd, last, count, List.copyOf(closed));
  }

  private static String string(ByteBuffer b) {
    byte[] s = new byte[b.getInt()];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }
}
