package io.ecgmon.patient;

import io.ecgmon.avro.PatientInfo;
import io.ecgmon.features.MetadataFeatures;
import java.nio.ByteBuffer;

/**
 * The patient metadata the model uses, as kept in the patient-info state store: any field may be
 * unknown (null). Stored in a tiny binary form of its own, so the store needs no schema registry.
 */
public record PatientMeta(Double ageYears, MetadataFeatures.Sex sex, Double heightCm, Double weightKg) {

  public static PatientMeta of(PatientInfo info) {
    MetadataFeatures.Sex sex = info.getSex() == null ? null : MetadataFeatures.Sex.valueOf(info.getSex().name());
    return new PatientMeta(d(info.getAgeYears()), sex, d(info.getHeightCm()), d(info.getWeightKg()));
  }

  private static Double d(Float f) {
    return f == null ? null : f.doubleValue();
  }

  public float[] encode(MetadataFeatures features) {
    return features.encode(ageYears, sex, heightCm, weightKg);
  }

  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(1 + 3 * 9 + 1);
    b.put((byte) 1);
    put(b, ageYears);
    put(b, heightCm);
    put(b, weightKg);
    b.put((byte) (sex == null ? -1 : sex.ordinal()));
    return b.array();
  }

  public static PatientMeta fromBytes(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (b.get() != 1) {
      throw new IllegalStateException("patient metadata state version is not readable by this build");
    }
    Double age = get(b);
    Double height = get(b);
    Double weight = get(b);
    return new PatientMeta(age, sexOf(b.get()), height, weight);
  }

  private static MetadataFeatures.Sex sexOf(byte ordinal) {
    return ordinal < 0 ? null : MetadataFeatures.Sex.values()[ordinal];
  }

  private static void put(ByteBuffer b, Double v) {
    b.put((byte) (v == null ? 0 : 1));
    b.putDouble(v == null ? 0 : v);
  }

  private static Double get(ByteBuffer b) {
    boolean present = b.get() == 1;
    double v = b.getDouble();
    return present ? v : null;
  }
}
