package io.ecgmon.synth;

import java.util.List;

/**
 * The synthetic diagnostic classes (PTB-XL superclasses) and the variants each can take, with the SCP
 * code a PTB-XL cardiologist would have written for it.
 */
public enum EcgClass {
  NORM(List.of(Variant.NORMAL)),
  MI(List.of(Variant.INFERIOR, Variant.ANTERIOR, Variant.ANTEROLATERAL)),
  STTC(List.of(Variant.LATERAL_ISCHEMIA, Variant.INFERIOR_ISCHEMIA, Variant.NONSPECIFIC)),
  CD(List.of(Variant.LBBB, Variant.RBBB)),
  HYP(List.of(Variant.LVH_STRAIN));

  /** Morphology variants; {@link #scpCode} is the PTB-XL statement the record is labelled with. */
  public enum Variant {
    NORMAL("NORM"),
    INFERIOR("IMI"),
    ANTERIOR("ASMI"),
    ANTEROLATERAL("ALMI"),
    LATERAL_ISCHEMIA("ISCAL"),
    INFERIOR_ISCHEMIA("ISCIN"),
    NONSPECIFIC("NST_"),
    LBBB("CLBBB"),
    RBBB("CRBBB"),
    LVH_STRAIN("LVH");

    private final String scpCode;

    Variant(String scpCode) {
      this.scpCode = scpCode;
    }

    public String scpCode() {
      return scpCode;
    }
  }

  private final List<Variant> variants;

  EcgClass(List<Variant> variants) {
    this.variants = variants;
  }

  public List<Variant> variants() {
    return variants;
  }

  public static EcgClass of(Variant v) {
    for (EcgClass c : values()) {
      if (c.variants.contains(v)) {
        return c;
      }
    }
    throw new IllegalArgumentException(v.name());
  }
}
