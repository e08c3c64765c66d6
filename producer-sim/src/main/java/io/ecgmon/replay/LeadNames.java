package io.ecgmon.replay;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lead names as the feature spec spells them (I, II, III, aVR, aVL, aVF, V1..V6): PTB-XL's headers say
 * AVR, other databases MLII or v1. Names that are not standard leads pass through unchanged.
 */
public final class LeadNames {

  private static final Map<String, String> CANONICAL = Map.ofEntries(
      Map.entry("I", "I"), Map.entry("II", "II"), Map.entry("III", "III"), Map.entry("AVR", "aVR"),
      Map.entry("AVL", "aVL"), Map.entry("AVF", "aVF"), Map.entry("V1", "V1"), Map.entry("V2", "V2"),
      Map.entry("V3", "V3"), Map.entry("V4", "V4"), Map.entry("V5", "V5"), Map.entry("V6", "V6"));

  private LeadNames() {}

  public static String canonical(String name) {
    return CANONICAL.getOrDefault(name.strip().toUpperCase(Locale.ROOT), name.strip());
  }

  public static List<String> canonical(List<String> names) {
    return names.stream().map(LeadNames::canonical).toList();
  }
}
