package io.ecgmon.features;

/**
 * The metadata part of the feature spec: [age_z, age_missing, sex_female, sex_missing, height_z,
 * height_missing, weight_z, weight_missing]. A missing or out-of-range value gives z = 0 and its
 * flag 1, exactly as {@code metadata_features} in {@code model/ecgmon_model/features.py}.
 */
public final class MetadataFeatures {

  public enum Sex {
    MALE,
    FEMALE,
    UNKNOWN
  }

  private final FeatureSpec spec;

  public MetadataFeatures(FeatureSpec spec) {
    this.spec = spec;
  }

  /** Any argument may be null (unknown). Age uses PTB-XL's code 300 for "over 89". */
  public float[] encode(Double ageYears, Sex sex, Double heightCm, Double weightKg) {
    Double age = ageYears;
    if (age != null && age == spec.ageOver89Code()) {
      age = spec.ageOver89Value();
    }
    float[] out = new float[8];
    zOrMissing(age, spec.age(), out, 0);
    if (sex == Sex.FEMALE) {
      out[2] = 1f;
    } else if (sex == null || sex == Sex.UNKNOWN) {
      out[3] = 1f;
    }
    zOrMissing(heightCm, spec.heightCm(), out, 4);
    zOrMissing(weightKg, spec.weightKg(), out, 6);
    return out;
  }

  private static void zOrMissing(Double value, FeatureSpec.ZScore stats, float[] out, int at) {
    if (value == null || value.isNaN() || value < stats.validMin() || value > stats.validMax()) {
      out[at] = 0f;
      out[at + 1] = 1f;
      return;
    }
    double z = (value - stats.mean()) / stats.std();
    out[at] = (float) Math.max(-5.0, Math.min(5.0, z));
    out[at + 1] = 0f;
  }
}
