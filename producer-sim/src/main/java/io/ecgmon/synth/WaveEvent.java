package io.ecgmon.synth;

/**
 * One Gaussian event of the ECGSYN model (McSharry et al., IEEE TBME 50(3), 2003): a wave centred at
 * phase {@code theta} (radians, R peak at 0, at 60 bpm) with angular width {@code width}. Its size is
 * given as the peak it produces in mV, from which the model's forcing coefficient follows
 * ({@link EcgsynModel}).
 */
public record WaveEvent(String name, double theta, double amplitudeMv, double width) {

  public WaveEvent {
    if (!(width > 0)) {
      throw new IllegalArgumentException("event " + name + ": width must be positive, not " + width);
    }
  }

  public WaveEvent withAmplitude(double mv) {
    return new WaveEvent(name, theta, mv, width);
  }

  public WaveEvent scaled(double factor) {
    return new WaveEvent(name, theta, amplitudeMv * factor, width);
  }

  public WaveEvent widened(double factor) {
    return new WaveEvent(name, theta * factor, amplitudeMv, width * factor);
  }
}
