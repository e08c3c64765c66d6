package io.ecgmon.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.synth.EcgClass.Variant;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The class morphologies are there in the generator's output (12 leads, 500 Hz, typical noise), as an
 * ECG reader would measure them on median beats of 20 s (see {@link BeatMeasurements}).
 */
class ClassMorphologyTest {

  static Stream<Arguments> seeds() {
    return IntStream.rangeClosed(1, 4).mapToObj(Arguments::of);
  }

  static BeatMeasurements measure(SynthProfile p, long seed) {
    return new BeatMeasurements(new SyntheticEcg(p, seed, 500).next(500 * 20), 500);
  }

  static SynthProfile profile(Variant v, long seed) {
    return SynthProfile.random(v, 1.0, new SplittableRandom(seed));
  }

  /** The same patient with ({@code acute}) or without ST elevation. */
  static SynthProfile mi(Variant v, boolean acute, long seed) {
    SynthProfile p = profile(v, seed);
    BeatTemplate t = Morphologies.template(v, acute, new SplittableRandom(seed)).atHeartRate(p.heartRateBpm());
    return new SynthProfile(p.ecgClass(), v, acute, p.heartRateBpm(), p.rrStdSeconds(), p.respirationHz(),
        p.ageYears(), p.sex(), p.heightCm(), p.weightKg(), p.noise(), t);
  }

  static double sokolowLyon(BeatMeasurements m) {
    return -m.qrsMin(Lead.V1) + Math.max(m.qrsMax(Lead.V5), m.qrsMax(Lead.V6));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void normalBeatsAreNormal(long seed) {
    SynthProfile p = profile(Variant.NORMAL, seed);
    BeatMeasurements m = measure(p, seed);
    assertThat(m.heartRateBpm).isCloseTo(p.heartRateBpm(), org.assertj.core.data.Percentage.withPercentage(5));
    assertThat(m.qrsMillis()).isBetween(76.0, 110.0);
    for (Lead l : Lead.values()) {
      assertThat(Math.abs(m.st(l))).as("ST in %s", l).isLessThan(0.05);
    }
    for (Lead l : new Lead[] {Lead.II, Lead.III, Lead.aVF, Lead.V3, Lead.V5}) {
      assertThat(m.initialMin(l)).as("Q in %s", l).isGreaterThan(-0.1);
    }
    assertThat(m.t(Lead.II)).isGreaterThan(0.1);
    assertThat(m.t(Lead.V5)).isGreaterThan(0.1);
    assertThat(m.t(Lead.aVR)).isLessThan(0);
    assertThat(sokolowLyon(m)).isLessThan(3.5);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void infarctsShowQWavesInTheirTerritoryAndStElevationWhenAcute(long seed) {
    BeatMeasurements inferior = measure(mi(Variant.INFERIOR, false, seed), seed);
    assertThat(inferior.initialMin(Lead.III)).isLessThan(-0.2);
    assertThat(inferior.initialMin(Lead.aVF)).isLessThan(-0.15);
    assertThat(inferior.initialMin(Lead.V3)).isGreaterThan(-0.1);

    BeatMeasurements anterior = measure(mi(Variant.ANTERIOR, false, seed), seed);
    assertThat(anterior.initialMin(Lead.V3)).isLessThan(-0.15);
    assertThat(anterior.qrsMax(Lead.V1)).as("no R in V1 (QS)").isLessThan(0.1);
    assertThat(anterior.initialMin(Lead.III)).isGreaterThan(-0.1);

    BeatMeasurements lateral = measure(mi(Variant.ANTEROLATERAL, false, seed), seed);
    assertThat(lateral.initialMin(Lead.V5)).isLessThan(-0.15);
    assertThat(lateral.initialMin(Lead.III)).isGreaterThan(-0.1);

    BeatMeasurements acuteInferior = measure(mi(Variant.INFERIOR, true, seed), seed);
    assertThat(acuteInferior.st(Lead.II)).isGreaterThan(0.1);
    assertThat(acuteInferior.st(Lead.III)).isGreaterThan(0.1);
    assertThat(acuteInferior.st(Lead.V2)).isLessThan(0.05);
    BeatMeasurements acuteAnterior = measure(mi(Variant.ANTERIOR, true, seed), seed);
    assertThat(acuteAnterior.st(Lead.V2)).isGreaterThan(0.1);
    assertThat(acuteAnterior.st(Lead.V3)).isGreaterThan(0.1);
    assertThat(acuteAnterior.st(Lead.II)).isLessThan(0.05);
    BeatMeasurements acuteLateral = measure(mi(Variant.ANTEROLATERAL, true, seed), seed);
    assertThat(acuteLateral.st(Lead.V5)).isGreaterThan(0.08);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void ischemiaDepressesStAndInvertsT(long seed) {
    BeatMeasurements lateral = measure(profile(Variant.LATERAL_ISCHEMIA, seed), seed);
    assertThat(lateral.st(Lead.V5)).isLessThan(-0.05);
    assertThat(lateral.t(Lead.V5)).isLessThan(-0.05);
    assertThat(lateral.t(Lead.I)).isLessThan(0);

    BeatMeasurements inferior = measure(profile(Variant.INFERIOR_ISCHEMIA, seed), seed);
    assertThat(inferior.st(Lead.II)).isLessThan(-0.04);
    assertThat(inferior.t(Lead.II)).isLessThan(-0.05);
    assertThat(inferior.t(Lead.aVF)).isLessThan(0);

    BeatMeasurements nonspecific = measure(profile(Variant.NONSPECIFIC, seed), seed);
    BeatMeasurements normal = measure(profile(Variant.NORMAL, seed), seed);
    assertThat(nonspecific.st(Lead.II)).isLessThan(-0.03);
    assertThat(Math.abs(nonspecific.t(Lead.V5))).as("flat T").isLessThan(Math.abs(normal.t(Lead.V5)) / 2);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void bundleBranchBlocksWidenQrs(long seed) {
    BeatMeasurements lbbb = measure(profile(Variant.LBBB, seed), seed);
    assertThat(lbbb.qrsMillis()).isGreaterThanOrEqualTo(120.0);
    assertThat(lbbb.qrsMin(Lead.V1)).as("QS in V1").isLessThan(-0.8);
    assertThat(lbbb.qrsMax(Lead.V1)).isLessThan(0.3);
    assertThat(lbbb.st(Lead.V2)).as("discordant ST").isGreaterThan(0.05);
    assertThat(lbbb.t(Lead.V6)).isLessThan(0);

    BeatMeasurements rbbb = measure(profile(Variant.RBBB, seed), seed);
    assertThat(rbbb.qrsMillis()).isGreaterThanOrEqualTo(120.0);
    assertThat(rbbb.qrsMax(Lead.V1)).as("R' in V1").isGreaterThan(-rbbb.qrsMin(Lead.V1));
    assertThat(rbbb.t(Lead.V1)).isLessThan(0);

    assertThat(measure(profile(Variant.NORMAL, seed), seed).qrsMillis()).isLessThan(110.0);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void hypertrophyMeetsVoltageCriteriaWithStrain(long seed) {
    BeatMeasurements hyp = measure(profile(Variant.LVH_STRAIN, seed), seed);
    BeatMeasurements normal = measure(profile(Variant.NORMAL, seed), seed);
    assertThat(sokolowLyon(hyp)).isGreaterThan(3.5);
    assertThat(hyp.qrsMax(Lead.aVL)).isGreaterThan(normal.qrsMax(Lead.aVL));
    // strain: lateral T lower and ST lower than in the same patient's normal beat
    assertThat(hyp.t(Lead.V6)).isLessThan(normal.t(Lead.V6));
    assertThat(hyp.st(Lead.V6)).isLessThanOrEqualTo(normal.st(Lead.V6) + 0.01);
  }
}
