package io.ecgmon.synth;

import io.ecgmon.synth.EcgClass.Variant;
import java.util.SplittableRandom;

/**
 * Everything that makes one synthetic patient: class and variant, heart rate and its variability,
 * breathing rate, demographics (drawn per class, roughly as in PTB-XL: MI and HYP patients older and
 * more often male), noise sizes and the beat template at the patient's heart rate.
 */
public record SynthProfile(EcgClass ecgClass, Variant variant, boolean acute, double heartRateBpm,
    double rrStdSeconds, double respirationHz, Float ageYears, Integer sex, Float heightCm, Float weightKg,
    NoiseModel.Levels noise, BeatTemplate template) {

  /** A random patient of {@code variant} (any variant of a random class when null). */
  public static SynthProfile random(Variant variant, double noiseScale, SplittableRandom r) {
    if (variant == null) {
      EcgClass c = EcgClass.values()[r.nextInt(EcgClass.values().length)];
      variant = c.variants().get(r.nextInt(c.variants().size()));
    }
    EcgClass cls = EcgClass.of(variant);
    double[] hr = switch (cls) {
      case NORM -> new double[] {58, 82};
      case MI -> new double[] {55, 85};
      case STTC -> new double[] {60, 95};
      case CD -> new double[] {55, 90};
      case HYP -> new double[] {58, 88};
    };
    double[] age = switch (cls) {
      case NORM -> new double[] {47, 17};
      case MI -> new double[] {66, 11};
      case STTC -> new double[] {64, 13};
      case CD -> new double[] {65, 14};
      case HYP -> new double[] {67, 12};
    };
    double male = switch (cls) {
      case NORM -> 0.45;
      case MI -> 0.75;
      case STTC, HYP -> 0.5;
      case CD -> 0.6;
    };
    double heartRate = Morphologies.range(r, hr[0], hr[1]);
    boolean acute = cls == EcgClass.MI && r.nextDouble() < 1.0 / 3;
    BeatTemplate template = Morphologies.template(variant, acute, r).atHeartRate(heartRate);
    float ageYears = (float) Math.rint(Morphologies.clamp(age[0] + age[1] * r.nextGaussian(), 18, 95));
    int sex = r.nextDouble() < male ? 0 : 1;
    Float height = r.nextDouble() < 0.3 ? (float) Math.rint((sex == 0 ? 176 : 164) + 7 * r.nextGaussian()) : null;
    Float weight = r.nextDouble() < 0.6 ? (float) Math.rint((sex == 0 ? 82 : 68) + 13 * r.nextGaussian()) : null;
    double rrStd = Morphologies.range(r, 0.015, 0.05);
    double resp = Morphologies.range(r, 0.2, 0.33);
    NoiseModel.Levels noise = NoiseModel.Levels.DEFAULT.scaled(noiseScale * Morphologies.range(r, 0.5, 1.5));
    return new SynthProfile(cls, variant, acute, heartRate, rrStd, resp, ageYears, sex, height, weight, noise,
        template);
  }
}
