package io.ecgmon.ptbxl;

import java.util.List;

/** PTB-XL's diagnostic superclasses, in the model's label order. */
public final class Superclasses {

  public static final List<String> ALL = List.of("NORM", "MI", "STTC", "CD", "HYP");

  private Superclasses() {}

  /** The labels in {@link #ALL} order, without duplicates. */
  public static List<String> ordered(java.util.Collection<String> labels) {
    return ALL.stream().filter(labels::contains).toList();
  }
}
