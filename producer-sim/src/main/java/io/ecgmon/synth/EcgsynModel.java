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
 * integrated with 4th-order Runge-Kutta (the limit cycle in polar form, see {@link #step}). RR comes from the {@link Tachogram}, updated once per beat as
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
  private double theta;
  private double t;
  private double omega;
  private final double[] z;
  private final double[] k1;
  private final double[] k2;
  private final double[] k4;

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
    theta = wrap(startPhase); // on the limit cycle (r = 1) from the start
    omega = TWO_PI / tachogram.rr(0);
    z = new double[leads];
    k1 = new double[leads];
    k2 = new double[leads];
    k4 = new double[leads];
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
    return theta;
  }

  /** Model time, seconds. */
  public double time() {
    return t;
  }

  /** Integrates {@code n} steps of {@code dt} seconds, writing z of every lead to out[lead][offset + i]. */
  public void run(double dt, int n, double[][] out, int offset) {
    for (int i = 0; i < n; i++) {
      double before = theta;
      step(dt);
      // a new beat begins when the phase wraps through +-pi: take the next RR from the tachogram
      if (theta < before) {
        omega = TWO_PI / tachogram.rr(t);
      }
      for (int l = 0; l < leads; l++) {
        out[l][offset + i] = z[l];
      }
    }
  }

  /**
   * One RK4 step. The (x, y) equations in polar form are r' = r (1 - r), theta' = w: the phase advances
   * at w whatever the radius, so it is carried exactly (no atan2) and only z needs integrating.
   */
  private void step(double dt) {
    double half = theta + omega * dt / 2;
    double full = theta + omega * dt;
    forcing(theta, k1);
    forcing(half, k2);
    forcing(full, k4);
    for (int j = 0; j < leads; j++) {
      double f0 = k1[j];
      double fh = k2[j];
      double f1 = k4[j];
      double z0 = z[j];
      double a = f0 - z0;
      double b = fh - (z0 + dt / 2 * a);
      double c = fh - (z0 + dt / 2 * b);
      double d = f1 - (z0 + dt * c);
      z[j] = z0 + dt / 6 * (a + 2 * b + 2 * c + d);
    }
    theta = full > Math.PI ? full - TWO_PI : full;
    t += dt;
  }

  /** The tabulated forcing of every lead at phase {@code th}. */
  private void forcing(double th, double[] out) {
    double pos = (th + Math.PI) / TWO_PI * TABLE;
    int i0 = (int) Math.floor(pos);
    double frac = pos - i0;
    i0 = Math.floorMod(i0, TABLE);
    int i1 = i0 + 1 == TABLE ? 0 : i0 + 1;
    for (int l = 0; l < leads; l++) {
      float[] f = forcing[l];
      out[l] = f[i0] + frac * (f[i1] - f[i0]);
    }
  }
}
