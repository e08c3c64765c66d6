package io.ecgmon.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignalFeaturesTest {

  final FeatureSpec spec = FeatureSpec.load();
  final SignalFeatures features = new SignalFeatures(spec);

  static double[][] tone(int leads, int samples, double hz, double amplitude) {
    double[][] x = new double[leads][samples];
    for (int l = 0; l < leads; l++) {
      for (int i = 0; i < samples; i++) {
        x[l][i] = amplitude * Math.sin(2 * Math.PI * hz * i / 100.0);
      }
    }
    return x;
  }

  @Test
  void shapesFollowTheSpec() {
    WindowFeatures out = features.extract(tone(12, 1000, 5, 1));
    assertEquals(12, out.ecg().length);
    assertEquals(spec.windowSamples(), out.ecg()[0].length);
    assertEquals(spec.fftBins(), out.fft()[0].length);
    assertEquals(spec.stftBins(), out.spectrogram()[0].length);
    assertEquals(spec.stftFrames(), out.spectrogram()[0][0].length);
  }

  @Test
  void fftPeakIsAtTheToneFrequencyWithHalfTheAmplitude() {
    float[][] fft = features.fft(features.preprocess(tone(12, 1000, 10.0, 2.0)));
    int peak = 0;
    for (int k = 1; k < fft[0].length; k++) {
      if (fft[0][k] > fft[0][peak]) {
        peak = k;
      }
    }
    assertEquals(100, peak); // 0.1 Hz per bin
    assertEquals(1.0, Math.expm1(fft[0][100]) * spec.fftRefMv(), 1e-4);
  }

  @Test
  void fiveHundredHertzIsBlockAveraged() {
    double[][] x = new double[12][5000];
    for (int i = 0; i < 5000; i++) {
      x[0][i] = i;
    }
    double[][] y = features.resampleToSpecRate(x, 500);
    assertEquals(1000, y[0].length);
    assertEquals((15 + 16 + 17 + 18 + 19) / 5.0, y[0][3], 1e-12);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 50, 250, 333, Double.NaN})
  void unsupportedSampleRatesAreRejected(double rate) {
    InvalidSignalException e =
        assertThrows(InvalidSignalException.class, () -> features.resampleToSpecRate(new double[12][1000], rate));
    assertEquals(InvalidSignalException.Reason.UNSUPPORTED_SAMPLE_RATE, e.reason());
  }

  @Test
  void wrongLeadCountIsRejected() {
    InvalidSignalException e =
        assertThrows(InvalidSignalException.class, () -> features.extract(new double[8][1000]));
    assertEquals(InvalidSignalException.Reason.WRONG_LEAD_COUNT, e.reason());
  }

  @Test
  void wrongLengthIsRejected() {
    InvalidSignalException e =
        assertThrows(InvalidSignalException.class, () -> features.extract(new double[12][999]));
    assertEquals(InvalidSignalException.Reason.WRONG_LENGTH, e.reason());
  }

  @Test
  void nanIsRejected() {
    double[][] x = tone(12, 1000, 5, 1);
    x[4][500] = Double.NaN;
    InvalidSignalException e = assertThrows(InvalidSignalException.class, () -> features.extract(x));
    assertEquals(InvalidSignalException.Reason.NON_FINITE_SAMPLE, e.reason());
  }

  @Test
  void specWithAnUnknownWindowFunctionIsRefused() throws Exception {
    byte[] json;
    try (var in = FeatureSpec.class.getResourceAsStream(FeatureSpec.RESOURCE)) {
      json = new String(in.readAllBytes()).replaceFirst("hann_periodic", "hamming").getBytes();
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureSpec.parse(json));
    assertEquals(true, e.getMessage().contains("hamming"));
  }
}
