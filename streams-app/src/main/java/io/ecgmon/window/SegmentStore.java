package io.ecgmon.window;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The buffered segments of every patient of a task, one store entry per segment (so a new segment
 * writes ~its own size to the changelog, not the patient's whole buffer). Keys sort by patient,
 * recording, then first sample index: {@code <len>:<patient>|<len>:<recording>|<index, 19 digits>},
 * length-prefixed so no id can be a prefix of another.
 */
public final class SegmentStore {

  private static final StringSerializer KEYS = new StringSerializer();
  private final KeyValueStore<String, byte[]> store;

  public SegmentStore(KeyValueStore<String, byte[]> store) {
    this.store = store;
  }

  static String prefix(String patient, String recording) {
    return patient.length() + ":" + patient + "|" + recording.length() + ":" + recording + "|";
  }

  public static String key(String patient, String recording, long firstIndex) {
    return prefix(patient, recording) + String.format("%019d", firstIndex);
  }

  public byte[] get(String key) {
    return store.get(key);
  }

  public void put(String key, byte[] encoded) {
    store.put(key, encoded);
  }

  /** The session's segments in first-index order. */
  public List<Segment> session(String patient, String recording) {
    List<Segment> out = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix(patient, recording), KEYS)) {
      while (it.hasNext()) {
        out.add(SegmentCodec.decode(it.next().value));
      }
    }
    return out;
  }

  /**
   * Deletes the session's segments no window starting at or after {@code neededFrom} uses (those that
   * end at or before it). Returns how many were deleted.
   */
  public int evictBefore(String patient, String recording, long neededFrom) {
    List<String> doomed = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix(patient, recording), KEYS)) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        long first = firstIndex(kv.value);
        if (first >= neededFrom) {
          break;
        }
        if (first + samplesPerLead(kv.value) <= neededFrom) {
          doomed.add(kv.key);
        }
      }
    }
    doomed.forEach(store::delete);
    return doomed.size();
  }

  /** Deletes every segment of the session. */
  public int deleteSession(String patient, String recording) {
    List<String> doomed = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix(patient, recording), KEYS)) {
      it.forEachRemaining(kv -> doomed.add(kv.key));
    }
    doomed.forEach(store::delete);
    return doomed.size();
  }

  // reads two header fields of SegmentCodec's layout without decoding the samples
  private static ByteBuffer afterIds(byte[] v) {
    ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
    b.position(1);
    b.position(b.position() + 4 + b.getInt(b.position()));
    b.position(b.position() + 4 + b.getInt(b.position()));
    return b;
  }

  static long firstIndex(byte[] v) {
    ByteBuffer b = afterIds(v);
    return b.getLong(b.position() + 4);
  }

  static int samplesPerLead(byte[] v) {
    ByteBuffer b = afterIds(v);
    return b.getInt(b.position() + 4 + 8 + 8 + 8 + 4);
  }
}
