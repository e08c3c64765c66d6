package io.ecgmon.features;

import static io.ecgmon.features.InvalidSignalException.Reason.NON_FINITE_SAMPLE;
import static io.ecgmon.features.InvalidSignalException.Reason.UNSUPPORTED_SAMPLE_RATE;
import static io.ecgmon.features.InvalidSignalException.Reason.WRONG_LEAD_COUNT;
import static io.ecgmon.features.InvalidSignalException.Reason.WRONG_LENGTH;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The signal part of the feature spec: resampling, time preprocessing, FFT and STFT log magnitudes.
 * A line-by-line twin of {@code model/ecgmon_model/features.py}; the golden vectors keep them equal.
 *
 * <p>Not thread-safe (the FFT plans keep scratch state): use one instance per stream thread.
 */
public final class SignalFeatures {

  private final FeatureSpec spec;
  private final double[] fftWindow;
  private final double fftWindowSum;
  private final DoubleFFT_1D fft;
  private final double[] stftWindow;
  private final double stftWindowSum;
  private final DoubleFFT_1D stft;

  public SignalFeatures(FeatureSpec spec) {
    this.spec = spec;
    this.fftWindow = hannPeriodic(spec.fftSize());
    this.fftWindowSum = sum(fftWindow);
    this.fft = new DoubleFFT_1D(spec.fftSize());
    this.stftWindow = hannPeriodic(spec.stftSize());
    this.stftWindowSum = sum(stftWindow);
    this.stft = new DoubleFFT_1D(spec.stftSize());
  }

  public FeatureSpec spec() {
    return spec;
  }

  /** All signal inputs of one window given in mV at the spec's rate, [leads][windowSamples]. */
  public WindowFeatures extract(double[][] windowMv) {
    double[][] time = preprocess(windowMv);
    return new WindowFeatures(toFloat(time), fft(time), spectrogram(time));
  }

  /**
   * Integer-factor decimation to the spec rate: each output sample is the mean of {@code factor}
   * consecutive input samples; a trailing partial block is dropped.
   */
  public double[][] resampleToSpecRate(double[][] signal, double rateHz) {
    double factor = rateHz / spec.sampleRateHz();
    if (!(factor >= 1) || Math.abs(factor - Math.rint(factor)) > 1e-9) {
      throw new InvalidSignalException(UNSUPPORTED_SAMPLE_RATE, "sample rate " + rateHz
          + " Hz is not an integer multiple of " + spec.sampleRateHz() + " Hz");
    }
    int k = (int) Math.rint(factor);
    double[][] out = new double[signal.length][];
    for (int lead = 0; lead < signal.length; lead++) {
      int n = signal[lead].length / k;
      out[lead] = new double[n];
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < k; j++) {
          s += signal[lead][i * k + j];
        }
        out[lead][i] = s / k;
      }
    }
    return out;
  }

  /** Per-lead mean removal and clipping: the model's {@code ecg} input in double precision. */
  public double[][] preprocess(double[][] window) {
    if (window.length != spec.leads().size()) {
      throw new InvalidSignalException(WRONG_LEAD_COUNT,
          window.length + " leads, expected " + spec.leads().size());
    }
    double clip = spec.clipMv();
    double[][] out = new double[window.length][];
    for (int lead = 0; lead < window.length; lead++) {
      double[] x = window[lead];
      if (x.length != spec.windowSamples()) {
        throw new InvalidSignalException(WRONG_LENGTH,
            "lead " + spec.leads().get(lead) + " has " + x.length + " samples, expected " + spec.windowSamples());
      }
      double mean = 0;
      for (double v : x) {
        if (!Double.isFinite(v)) {
          throw new InvalidSignalException(NON_FINITE_SAMPLE,
              "lead " + spec.leads().get(lead) + " holds NaN or infinite samples");
        }
        mean += v;
      }
      mean = spec.removeMean() ? mean / x.length : 0;
      out[lead] = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        out[lead][i] = Math.max(-clip, Math.min(clip, x[i] - mean));
      }
    }
    return out;
  }

  /** The {@code fft} input, [leads][fftBins]. */
  public float[][] fft(double[][] time) {
    float[][] out = new float[time.length][spec.fftBins()];
    double[] buffer = new double[spec.fftSize()];
    for (int lead = 0; lead < time.length; lead++) {
      for (int i = 0; i < buffer.length; i++) {
        buffer[i] = time[lead][i] * fftWindow[i];
      }
      fft.realForward(buffer);
      logMagnitudes(buffer, spec.fftBins(), fftWindowSum, spec.fftRefMv(), out[lead]);
    }
    return out;
  }

  /** The {@code spectrogram} input, [leads][stftBins][stftFrames]. */
  public float[][][] spectrogram(double[][] time) {
    int bins = spec.stftBins();
    int frames = spec.stftFrames();
    float[][][] out = new float[time.length][bins][frames];
    double[] buffer = new double[spec.stftSize()];
    float[] column = new float[bins];
    for (int lead = 0; lead < time.length; lead++) {
      for (int frame = 0; frame < frames; frame++) {
        int start = frame * spec.stftHop();
        for (int i = 0; i < buffer.length; i++) {
          buffer[i] = time[lead][start + i] * stftWindow[i];
        }
        stft.realForward(buffer);
        logMagnitudes(buffer, bins, stftWindowSum, spec.stftRefMv(), column);
        for (int b = 0; b < bins; b++) {
          out[lead][b][frame] = column[b];
        }
      }
    }
    return out;
  }

  /**
   * log1p(|X_k| / sum(w) / ref) for k < bins, from JTransforms' packed real-FFT layout: a[0] = Re X_0,
   * a[1] = Re X_{n/2} (n even), a[2k] = Re X_k, a[2k+1] = Im X_k.
   */
  private static void logMagnitudes(double[] packed, int bins, double windowSum, double ref, float[] out) {
    int n = packed.length;
    for (int k = 0; k < bins; k++) {
      double magnitude;
      if (k == 0) {
        magnitude = Math.abs(packed[0]);
      } else if (k == n / 2 && n % 2 == 0) {
        magnitude = Math.abs(packed[1]);
      } else {
        double re = packed[2 * k];
        double im = packed[2 * k + 1];
        magnitude = Math.sqrt(re * re + im * im); // not Math.hypot: no overflow risk here, and 10x faster
      }
      out[k] = (float) log1p(magnitude / windowSum / ref);
    }
  }

  /**
   * log(1 + x) for x >= 0. Math.log1p is not a JIT intrinsic and is called 28k times per window;
   * Math.log is. Above 1e-3 rounding 1 + x costs at most ~1e-13 relative; below it log1p is kept.
   */
  static double log1p(double x) {
    return x > 1e-3 ? Math.log(1 + x) : Math.log1p(x);
  }

  static double[] hannPeriodic(int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 0.5 - 0.5 * Math.cos(2.0 * Math.PI * i / n);
    }
    return w;
  }

  private static double sum(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }

  private static float[][] toFloat(double[][] a) {
    float[][] out = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = new float[a[i].length];
      for (int j = 0; j < a[i].length; j++) {
        out[i][j] = (float) a[i][j];
      }
    }
    return out;
  }
}
