package io.ecgmon.synth;

import java.util.List;

/**
 * The ECGSYN dynamical model (McSharry, Clifford, Tarassenko, Smith: "A dynamical model for generating
 * synthetic electrocardiogram signals", IEEE TBME 50(3):289-294, 2003), one z equation per independent
 * lead sharing the limit cycle:
 * <pre>
 *   x' = a x - w y,   y' = a y + w x,   a = 1 - sqrt(x^2 + y^2),   w = 2 pi / RR
 *   z' = - sum_i a_i dtheta_i exp(-dtheta_i^2 / (2 b_i^2)) - (z - z0)
 * </pre>
 * integrated with 4th-order Runge-Kutta. RR comes from the {@link Tachogram}, updated once per beat as
 * in ECGSYN. Events are given by their peak in mV, so a_i = peak * w_mean / b_i^2. The forcing term
 * depends on the phase only, so it is tabulated once per template (linear interpolation on
 * {@value #TABLE} points) which makes the model cheap enough for thousands of live patients. z0
 * (baseline wander) is 0 here: the noise model adds it, which by linearity is the same.
 *
 * <p>One departure from the paper: the forcing also carries {@code + sum_i peak_i exp(...)}, which
 * cancels the pull of the {@code -(z - z0)} term while a wave is drawn. Without it every wave leaves
 * the baseline shifted by its area (a 2.5 mV R wave depresses the following ST segment by about
 * 0.08 mV), which fakes ST changes exactly where the class morphologies must not have them.
 */
public final class EcgsynModel {

  static final int TABLE = 1024;
  private static final double TWO_PI = 2 * Math.PI;

  private final float[][] forcing;
  private final Tachogram tachogram;
  private final int leads;
  private double x;
  private double y;
  private double t;
  private double omega;
  private final double[] z;
  private final double[] k1;
  private final double[] k2;
  private final double[] k3;
  private final double[] k4;
  private final double[] tmp;

  /**
   * @param template the beat at the patient's mean heart rate (see {@link BeatTemplate#atHeartRate})
   * @param startPhase initial phase on the limit cycle, radians (R peak at 0)
   */
  public EcgsynModel(BeatTemplate template, Tachogram tachogram, double startPhase) {
    this.tachogram = tachogram;
    this.leads = template.leads().size();
    double meanOmega = TWO_PI / tachogram.meanRr();
    forcing = new float[leads][TABLE];
    for (int l = 0; l < leads; l++) {
      List<WaveEvent> events = template.leads().get(l);
      for (int k = 0; k < TABLE; k++) {
        double theta = -Math.PI + TWO_PI * k / TABLE;
        double f = 0;
        for (WaveEvent e : events) {
          double d = wrap(theta - e.theta());
          double b2 = e.width() * e.width();
          double a = e.amplitudeMv() * meanOmega / b2;
          double g = Math.exp(-d * d / (2 * b2));
          f -= a * d * g;
          f += e.amplitudeMv() * g;
        }
        forcing[l][k] = (float) f;
      }
    }
    x = Math.cos(startPhase);
    y = Math.sin(startPhase);
    omega = TWO_PI / tachogram.rr(0);
    z = new double[leads];
    int n = leads + 2;
    k1 = new double[n];
    k2 = new double[n];
    k3 = new double[n];
    k4 = new double[n];
    tmp = new double[n];
  }

  static double wrap(double a) {
    a = (a + Math.PI) % TWO_PI;
    if (a < 0) {
      a += TWO_PI;
    }
    return a - Math.PI;
  }

  /** Current phase, radians in [-pi, pi]. */
  public double phase() {
    return Math.atan2(y, x);
  }

  /** Model time, seconds. */
  public double time() {
    return t;
  }

  /** Integrates {@code n} steps of {@code dt} seconds, writing z of every lead to out[lead][offset + i]. */
  public void run(double dt, int n, double[][] out, int offset) {
    for (int i = 0; i < n; i++) {
      boolean wasUpper = y >= 0;
      step(dt);
      // a new beat begins when the phase wraps through +-pi: take the next RR from the tachogram
      if (wasUpper && y < 0 && x < 0) {
        omega = TWO_PI / tachogram.rr(t);
      }
      for (int l = 0; l < leads; l++) {
        out[l][offset + i] = z[l];
      }
    }
  }

  private void step(double dt) {
    derivative(x, y, z, k1);
    for (int j = 0; j < leads; j++) {
      tmp[j + 2] = z[j] + dt / 2 * k1[j + 2];
    }
    derivative(x + dt / 2 * k1[0], y + dt / 2 * k1[1], tmp, k2);
    for (int j = 0; j < leads; j++) {
      tmp[j + 2] = z[j] + dt / 2 * k2[j + 2];
    }
    derivative(x + dt / 2 * k2[0], y + dt / 2 * k2[1], tmp, k3);
    for (int j = 0; j < leads; j++) {
      tmp[j + 2] = z[j] + dt * k3[j + 2];
    }
    derivative(x + dt * k3[0], y + dt * k3[1], tmp, k4);
    x += dt / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
    y += dt / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
    for (int j = 0; j < leads; j++) {
      z[j] += dt / 6 * (k1[j + 2] + 2 * k2[j + 2] + 2 * k3[j + 2] + k4[j + 2]);
    }
    t += dt;
  }

  /**
   * State derivative; {@code zs} holds z at index 2.. when it is {@code tmp}, at 0.. when it is {@code z}.
   */
  private void derivative(double xs, double ys, double[] zs, double[] out) {
    int zOffset = zs == z ? 0 : 2;
    double r = Math.sqrt(xs * xs + ys * ys);
    double alpha = 1 - r;
    out[0] = alpha * xs - omega * ys;
    out[1] = alpha * ys + omega * xs;
    double pos = (Math.atan2(ys, xs) + Math.PI) / TWO_PI * TABLE;
    int i0 = (int) pos;
    double frac = pos - i0;
    i0 = Math.floorMod(i0, TABLE);
    int i1 = (i0 + 1) % TABLE;
    for (int l = 0; l < leads; l++) {
      float[] f = forcing[l];
      double force = f[i0] + frac * (f[i1] - f[i0]);
      out[l + 2] = force - zs[l + zOffset];
    }
  }
}
