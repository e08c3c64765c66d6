package io.ecgmon.alerts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A patient's alert state: the abnormal classes currently alerted, and per class how many consecutive
 * windows were above (or below) its threshold. Small, kept in a changelogged store and updated in the
 * same transaction as the classification that changed it, so a restart neither repeats nor loses an alert.
 */
public record AlertState(Set<String> active, Map<String, Integer> above, Map<String, Integer> below) {

  public static final AlertState EMPTY = new AlertState(Set.of(), Map.of(), Map.of());

  public AlertState {
    active = java.util.Collections.unmodifiableSet(new TreeSet<>(active));
    above = java.util.Collections.unmodifiableMap(new TreeMap<>(above));
    below = java.util.Collections.unmodifiableMap(new TreeMap<>(below));
  }

  public byte[] toBytes() {
    TreeSet<String> labels = new TreeSet<>(above.keySet());
    labels.addAll(below.keySet());
    labels.addAll(active);
    int size = 1 + 4;
    for (String l : labels) {
      size += 4 + l.getBytes(StandardCharsets.UTF_8).length + 1 + 4 + 4;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put((byte) 1).putInt(labels.size());
    for (String l : labels) {
      byte[] s = l.getBytes(StandardCharsets.UTF_8);
      b.putInt(s.length).put(s).put((byte) (active.contains(l) ? 1 : 0))
          .putInt(above.getOrDefault(l, 0)).putInt(below.getOrDefault(l, 0));
    }
    return b.array();
  }

  public static AlertState fromBytes(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (b.get() != 1) {
      throw new IllegalStateException("alert state version is not readable by this build");
    }
    int n = b.getInt();
    Set<String> active = new TreeSet<>();
    Map<String, Integer> above = new TreeMap<>();
    Map<String, Integer> below = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      byte[] s = new byte[b.getInt()];
      b.get(s);
      String label = new String(s, StandardCharsets.UTF_8);
      if (b.get() == 1) {
        active.add(label);
      }
      above.put(label, b.getInt());
      below.put(label, b.getInt());
    }
    return new AlertState(active, above, below);
  }
}
