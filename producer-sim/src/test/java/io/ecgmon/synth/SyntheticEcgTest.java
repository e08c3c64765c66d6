package io.ecgmon.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecgmon.synth.EcgClass.Variant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SyntheticEcgTest {

  static SynthProfile profile(long seed) {
    return SynthProfile.random(null, 1.0, new SplittableRandom(seed));
  }

  @Test
  void sameSeedSameSamplesOtherSeedOtherSamples() {
    double[][] a = new SyntheticEcg(profile(3), 9, 500).next(2000);
    double[][] b = new SyntheticEcg(profile(3), 9, 500).next(2000);
    double[][] otherStream = new SyntheticEcg(profile(3), 10, 500).next(2000);
    double[][] otherPatient = new SyntheticEcg(profile(4), 9, 500).next(2000);
    assertThat(a).isDeepEqualTo(b);
    assertThat(a[1]).isNotEqualTo(otherStream[1]);
    assertThat(a[1]).isNotEqualTo(otherPatient[1]);
    assertThat(profile(3)).usingRecursiveComparison().isEqualTo(profile(3));
  }

  @Test
  void chunksJoinWithoutSeamsAtBothRates() {
    for (int rate : new int[] {100, 500}) {
      SyntheticEcg whole = new SyntheticEcg(profile(5), 1, rate);
      SyntheticEcg parts = new SyntheticEcg(profile(5), 1, rate);
      double[][] w = whole.next(3 * rate);
      double[][] p1 = parts.next(rate);
      double[][] p2 = parts.next(2 * rate);
      for (int l = 0; l < 12; l++) {
        double[] joined = new double[3 * rate];
        System.arraycopy(p1[l], 0, joined, 0, rate);
        System.arraycopy(p2[l], 0, joined, rate, 2 * rate);
        assertThat(joined).as("lead %d at %d Hz", l, rate).isEqualTo(w[l]);
      }
    }
  }

  @Test
  void limbLeadsObeyEinthovenAndGoldberger() {
    double[][] x = new SyntheticEcg(profile(6), 2, 500).next(1000);
    for (int i = 0; i < 1000; i++) {
      double i1 = x[Lead.I.ordinal()][i];
      double i2 = x[Lead.II.ordinal()][i];
      assertThat(x[Lead.III.ordinal()][i]).isCloseTo(i2 - i1, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(x[Lead.aVR.ordinal()][i] + x[Lead.aVL.ordinal()][i] + x[Lead.aVF.ordinal()][i])
          .isCloseTo(0, org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void hundredHertzIsTheFiveHundredHertzSignalLowPassed() {
    SynthProfile p = SynthProfile.random(Variant.NORMAL, 0.0, new SplittableRandom(8));
    double[][][] both = new SyntheticEcg(p, 3, 500).nextRecordBothRates(10);
    assertThat(both[0][1]).hasSize(5000);
    assertThat(both[1][1]).hasSize(1000);
    // the decimation filter delays by 50 samples at 500 Hz (10 at 100 Hz); after that they agree closely
    double worst = 0;
    for (int k = 20; k < 1000; k++) {
      double mean = 0;
      for (int j = -2; j <= 2; j++) {
        mean += both[0][1][5 * (k - 10) + j] / 5;
      }
      worst = Math.max(worst, Math.abs(both[1][1][k] - mean));
    }
    assertThat(worst).isLessThan(0.15);
  }

  @Test
  void heartRateVariabilityIsThereAndBounded() {
    Tachogram t = new Tachogram(70, 0.04, 0.5, 0.25, new SplittableRandom(1));
    double sum = 0;
    double sq = 0;
    int n = 20000;
    for (int i = 0; i < n; i++) {
      double rr = t.rr(i * 0.05);
      sum += rr;
      sq += rr * rr;
    }
    double mean = sum / n;
    double sd = Math.sqrt(sq / n - mean * mean);
    assertThat(mean).isCloseTo(60.0 / 70, org.assertj.core.data.Offset.offset(0.01));
    assertThat(sd).isBetween(0.025, 0.055);
  }

  @Test
  void noiseCanBeSwitchedOff() {
    SynthProfile clean = SynthProfile.random(Variant.NORMAL, 0.0, new SplittableRandom(2));
    double[][] x = new SyntheticEcg(clean, 1, 500).next(5000);
    // without noise, consecutive samples differ smoothly: no white-noise jumps between them
    double worstSecondDifference = 0;
    for (int i = 2; i < 5000; i++) {
      worstSecondDifference = Math.max(worstSecondDifference,
          Math.abs(x[Lead.V2.ordinal()][i] - 2 * x[Lead.V2.ordinal()][i - 1] + x[Lead.V2.ordinal()][i - 2]));
    }
    assertThat(worstSecondDifference).isLessThan(0.05);
    SynthProfile noisy = SynthProfile.random(Variant.NORMAL, 1.0, new SplittableRandom(2));
    double[][] y = new SyntheticEcg(noisy, 1, 500).next(5000);
    double noisyWorst = 0;
    for (int i = 2; i < 5000; i++) {
      noisyWorst = Math.max(noisyWorst,
          Math.abs(y[Lead.V2.ordinal()][i] - 2 * y[Lead.V2.ordinal()][i - 1] + y[Lead.V2.ordinal()][i - 2]));
    }
    assertThat(noisyWorst).isGreaterThan(worstSecondDifference);
  }

  @Test
  void countsAreInt16AtTheGainAndNeverTheInvalidValue() {
    short[][] c = SyntheticEcg.toCounts(new double[][] {{1.0, -0.5, 1e6, -1e6}}, 1000);
    assertThat(c[0]).containsExactly((short) 1000, (short) -500, (short) 32767, (short) -32767);
    assertThatThrownBy(() -> new SyntheticEcg(profile(1), 1, 250)).hasMessageContaining("100 or 500 Hz");
  }
}
