package io.ecgmon.synth;

import io.ecgmon.synth.EcgClass.Variant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Beat templates per class, as a cardiologist describes them, on top of a normal 12-lead beat whose
 * wave sizes and timings were set from PTB-XL's normal records (median beats of folds 1-8):
 * <ul>
 *   <li>MI: pathological Q waves (wide, deep) with loss of R and T inversion in the leads facing the
 *       infarct territory (inferior II/III/aVF, anteroseptal V1-V4, anterolateral I/aVL/V4-V6); in a
 *       third of the patients also ST elevation there (an evolving infarct);</li>
 *   <li>STTC: ST depression and T inversion or flattening (lateral, inferior or non-specific);</li>
 *   <li>CD: bundle-branch block, QRS of 130-160 ms: LBBB (QS in V1-V3, broad notched R in I/V5/V6,
 *       discordant ST-T) or RBBB (rsR' in V1, wide terminal S in I/V5/V6, T inversion in V1);</li>
 *   <li>HYP: left ventricular hypertrophy: high QRS voltage (Sokolow-Lyon S V1 + R V5 above 3.5 mV,
 *       tall R in I/aVL), slightly wider QRS, left-atrial P, and strain of a random degree, from none to
 *       ST depression with T inversion in I, aVL, V5, V6 (strain develops with the hypertrophy; the
 *       shipped model reads marked strain as STTC, as PTB-XL's cardiologists mostly labelled it).</li>
 * </ul>
 * Every patient gets its own sizes (seeded), so no two synthetic patients look alike.
 */
public final class Morphologies {

  // phase (rad at 60 bpm, 1 rad = 159 ms; R peak at 0) and width of P, Q, R, S, T
  private static final double[] THETA = {-1.15, -0.16, 0.0, 0.17, 1.75};
  private static final double[] WIDTH = {0.17, 0.055, 0.065, 0.065, 0.33};
  private static final String[] WAVES = {"P", "Q", "R", "S", "T"};

  // peak sizes (mV) of P, Q, R, S, T per independent lead, a normal adult
  private static final Map<Lead, double[]> NORMAL = new EnumMap<>(Map.of(
      Lead.I, new double[] {0.08, -0.05, 0.70, -0.10, 0.22},
      Lead.II, new double[] {0.12, -0.05, 1.00, -0.15, 0.30},
      Lead.V1, new double[] {0.06, 0.0, 0.22, -0.85, 0.04},
      Lead.V2, new double[] {0.07, 0.0, 0.40, -1.25, 0.50},
      Lead.V3, new double[] {0.07, 0.0, 0.75, -0.80, 0.48},
      Lead.V4, new double[] {0.07, -0.05, 1.25, -0.40, 0.40},
      Lead.V5, new double[] {0.07, -0.07, 1.25, -0.20, 0.32},
      Lead.V6, new double[] {0.07, -0.07, 1.05, -0.10, 0.25}));

  private Morphologies() {}

  /** A template at 60 bpm for {@code variant}; {@code acute} adds ST elevation to an MI. */
  public static BeatTemplate template(Variant variant, boolean acute, SplittableRandom r) {
    Map<Lead, LeadShape> s = normal(r);
    switch (variant) {
      case NORMAL -> { }
      case INFERIOR -> inferiorMi(s, r, acute);
      case ANTERIOR -> anteriorMi(s, r, acute);
      case ANTEROLATERAL -> anterolateralMi(s, r, acute);
      case LATERAL_ISCHEMIA -> lateralIschemia(s, r);
      case INFERIOR_ISCHEMIA -> inferiorIschemia(s, r);
      case NONSPECIFIC -> nonSpecificSt(s, r);
      case LBBB -> lbbb(s, r);
      case RBBB -> rbbb(s, r);
      case LVH_STRAIN -> lvhStrain(s, r);
      default -> throw new IllegalArgumentException(variant.name());
    }
    List<List<WaveEvent>> leads = new ArrayList<>();
    for (Lead l : Lead.INDEPENDENT) {
      leads.add(s.get(l).events().stream().filter(e -> e.amplitudeMv() != 0).toList());
    }
    return new BeatTemplate(leads);
  }

  /** The normal beat with this patient's habitus, axis and T-wave size. */
  static Map<Lead, LeadShape> normal(SplittableRandom r) {
    double habitus = clamp(1 + 0.15 * r.nextGaussian(), 0.7, 1.4);
    double axis = range(r, -0.25, 0.25);
    double tSize = clamp(1 + 0.15 * r.nextGaussian(), 0.7, 1.3);
    double pSize = clamp(1 + 0.2 * r.nextGaussian(), 0.6, 1.4);
    double qrsWidth = clamp(1 + 0.05 * r.nextGaussian(), 0.9, 1.1);
    Map<Lead, LeadShape> s = new EnumMap<>(Lead.class);
    for (Lead l : Lead.INDEPENDENT) {
      double[] a = NORMAL.get(l);
      List<WaveEvent> events = new ArrayList<>();
      for (int k = 0; k < WAVES.length; k++) {
        boolean qrs = k >= 1 && k <= 3;
        double theta = THETA[k] * (qrs ? qrsWidth : 1);
        double width = WIDTH[k] * (qrs ? qrsWidth : 1);
        events.add(new WaveEvent(WAVES[k], theta, a[k], width));
      }
      LeadShape shape = new LeadShape(events).scaleAll(habitus * clamp(1 + 0.08 * r.nextGaussian(), 0.8, 1.2));
      shape.scale("T", tSize).scale("P", pSize);
      s.put(l, shape);
    }
    // the frontal axis moves QRS size between I and II (III = II - I follows)
    s.get(Lead.I).scale("R", 1 + axis);
    s.get(Lead.II).scale("R", 1 - axis / 2);
    return s;
  }

  private static void qWave(LeadShape l, double mv, SplittableRandom r) {
    // pathological: at least 40 ms wide and a quarter of the R
    l.set("Q", -mv * range(r, 0.8, 1.2)).place("Q", -0.17, range(r, 0.07, 0.09));
  }

  private static void stShift(LeadShape l, double mv) {
    l.remove("ST").add("ST", 0.75, mv, 0.32);
  }

  private static void inferiorMi(Map<Lead, LeadShape> s, SplittableRandom r, boolean acute) {
    LeadShape ii = s.get(Lead.II);
    qWave(ii, 0.35, r);
    ii.scale("R", range(r, 0.35, 0.55)).scale("S", 0.5).scale("T", range(r, 0.0, 0.35));
    s.get(Lead.I).scale("R", range(r, 1.15, 1.35));
    if (acute) {
      stShift(ii, range(r, 0.12, 0.2));
      stShift(s.get(Lead.I), -range(r, 0.03, 0.07));
    }
  }

  private static void anteriorMi(Map<Lead, LeadShape> s, SplittableRandom r, boolean acute) {
    s.get(Lead.V1).set("R", 0).scale("S", range(r, 0.9, 1.2));
    s.get(Lead.V2).set("R", range(r, 0.0, 0.06)).scale("S", range(r, 0.8, 1.1));
    LeadShape v3 = s.get(Lead.V3);
    qWave(v3, 0.3, r);
    v3.scale("R", range(r, 0.1, 0.3));
    LeadShape v4 = s.get(Lead.V4);
    qWave(v4, 0.2, r);
    v4.scale("R", range(r, 0.45, 0.7));
    s.get(Lead.V2).scale("T", range(r, 0.2, 0.5));
    v3.set("T", range(r, -0.15, 0.1));
    v4.set("T", range(r, -0.15, 0.05));
    if (acute) {
      for (Lead l : List.of(Lead.V1, Lead.V2, Lead.V3, Lead.V4)) {
        stShift(s.get(l), range(r, 0.12, 0.25));
      }
    }
  }

  private static void anterolateralMi(Map<Lead, LeadShape> s, SplittableRandom r, boolean acute) {
    for (Lead l : List.of(Lead.V4, Lead.V5, Lead.V6)) {
      LeadShape x = s.get(l);
      qWave(x, 0.3, r);
      x.scale("R", range(r, 0.3, 0.5)).scale("T", range(r, -0.3, 0.3));
      if (acute) {
        stShift(x, range(r, 0.12, 0.2));
      }
    }
    LeadShape i = s.get(Lead.I);
    qWave(i, 0.2, r);
    i.scale("R", range(r, 0.5, 0.7)).scale("T", range(r, -0.2, 0.3));
  }

  private static void lateralIschemia(Map<Lead, LeadShape> s, SplittableRandom r) {
    for (Lead l : List.of(Lead.I, Lead.V4, Lead.V5, Lead.V6)) {
      stShift(s.get(l).set("T", -range(r, 0.12, 0.3)), -range(r, 0.08, 0.18));
    }
    stShift(s.get(Lead.II).set("T", range(r, -0.12, 0.03)), -range(r, 0.05, 0.12));
    s.get(Lead.V3).scale("T", range(r, 0.0, 0.4));
  }

  private static void inferiorIschemia(Map<Lead, LeadShape> s, SplittableRandom r) {
    LeadShape ii = s.get(Lead.II);
    stShift(ii.set("T", -range(r, 0.12, 0.25)), -range(r, 0.06, 0.14));
    s.get(Lead.I).scale("T", range(r, 0.3, 0.7));
    for (Lead l : List.of(Lead.V5, Lead.V6)) {
      stShift(s.get(l).scale("T", range(r, -0.2, 0.3)), -range(r, 0.04, 0.1));
    }
  }

  private static void nonSpecificSt(Map<Lead, LeadShape> s, SplittableRandom r) {
    for (Lead l : Lead.INDEPENDENT) {
      s.get(l).scale("T", range(r, -0.1, 0.3));
    }
    for (Lead l : List.of(Lead.I, Lead.II, Lead.V4, Lead.V5, Lead.V6)) {
      stShift(s.get(l), -range(r, 0.05, 0.1));
    }
  }

  private static void lbbb(Map<Lead, LeadShape> s, SplittableRandom r) {
    double w = range(r, 0.95, 1.1);
    for (Lead l : List.of(Lead.I, Lead.V5, Lead.V6)) {
      LeadShape x = s.get(l);
      double h = range(r, 0.5, 0.75) * (l == Lead.I ? 0.85 : 1);
      x.remove("Q").remove("S").set("R", h).place("R", 0.0, 0.12 * w)
          .add("R2", 0.3 * w, h * range(r, 0.9, 1.15), 0.12 * w).set("T", -range(r, 0.15, 0.3));
      stShift(x, -range(r, 0.08, 0.15));
    }
    LeadShape ii = s.get(Lead.II);
    ii.remove("Q").remove("S").set("R", range(r, 0.35, 0.55)).place("R", 0.0, 0.12 * w)
        .add("R2", 0.3 * w, range(r, 0.2, 0.35), 0.12 * w).scale("T", 0.2);
    double[] depth = {1.4, 2.0, 1.6};
    Lead[] right = {Lead.V1, Lead.V2, Lead.V3};
    for (int k = 0; k < 3; k++) {
      LeadShape x = s.get(right[k]);
      x.remove("Q").set("R", range(r, 0.03, 0.12)).set("S", -depth[k] * range(r, 0.8, 1.2))
          .place("S", 0.22 * w, 0.15 * w).set("T", range(r, 0.35, 0.6));
      stShift(x, range(r, 0.12, 0.25));
    }
    LeadShape v4 = s.get(Lead.V4);
    v4.remove("Q").set("R", range(r, 0.2, 0.4)).place("R", 0.0, 0.12 * w)
        .set("S", -range(r, 0.5, 0.9)).place("S", 0.3 * w, 0.14 * w).set("T", range(r, 0.1, 0.25));
  }

  private static void rbbb(Map<Lead, LeadShape> s, SplittableRandom r) {
    double w = range(r, 0.95, 1.1);
    LeadShape v1 = s.get(Lead.V1);
    v1.set("R", range(r, 0.15, 0.3)).set("S", -range(r, 0.3, 0.55)).place("S", 0.19, 0.07)
        .add("R2", 0.45 * w, range(r, 0.6, 1.0), 0.1 * w).set("T", -range(r, 0.15, 0.3));
    LeadShape v2 = s.get(Lead.V2);
    v2.set("S", -range(r, 0.6, 0.9)).place("S", 0.19, 0.07)
        .add("R2", 0.47 * w, range(r, 0.3, 0.6), 0.1 * w).scale("T", range(r, -0.3, 0.3));
    for (Lead l : List.of(Lead.I, Lead.V5, Lead.V6)) {
      s.get(l).set("S", -range(r, 0.3, 0.5)).place("S", 0.4 * w, 0.13 * w);
    }
    s.get(Lead.II).set("S", -range(r, 0.15, 0.3)).place("S", 0.4 * w, 0.13 * w);
    for (Lead l : List.of(Lead.V3, Lead.V4)) {
      s.get(l).set("S", -range(r, 0.4, 0.7)).place("S", 0.36 * w, 0.12 * w);
    }
  }

  private static void lvhStrain(Map<Lead, LeadShape> s, SplittableRandom r) {
    double v = range(r, 1.05, 1.4);
    s.get(Lead.V1).scale("S", 1.9 * v);
    s.get(Lead.V2).scale("S", 1.8 * v);
    s.get(Lead.V3).scale("S", 1.3 * v);
    s.get(Lead.V4).scale("R", 1.6 * v);
    s.get(Lead.V5).scale("R", 2.0 * v);
    s.get(Lead.V6).scale("R", 2.1 * v);
    s.get(Lead.I).scale("R", 1.6 * v);
    s.get(Lead.II).scale("R", 1.15 * v);
    // whatever the habitus, the voltage criterion holds: Sokolow-Lyon S V1 + R V5/V6 of 4 mV and more
    double sokolow = -s.get(Lead.V1).amplitude("S")
        + Math.max(s.get(Lead.V5).amplitude("R"), s.get(Lead.V6).amplitude("R"));
    if (sokolow < 4.0) {
      double f = 4.0 / sokolow;
      s.get(Lead.V1).scale("S", f);
      s.get(Lead.V5).scale("R", f);
      s.get(Lead.V6).scale("R", f);
    }
    for (Lead l : Lead.INDEPENDENT) {
      LeadShape x = s.get(l);
      for (String wave : List.of("Q", "R", "S")) {
        x.width(wave, 1.15);
      }
      x.width("P", 1.3);
    }
    s.get(Lead.V1).add("P2", -0.95, -range(r, 0.05, 0.1), 0.12);
    // strain develops with the hypertrophy: from none to downsloping ST depression with T inversion
    double strain = r.nextDouble();
    for (Lead l : List.of(Lead.I, Lead.V5, Lead.V6)) {
      LeadShape x = s.get(l);
      x.scale("T", 1 - 1.2 * strain).place("T", 1.6, 0.3);
      stShift(x, -0.08 * strain);
    }
    stShift(s.get(Lead.V4).scale("T", 1 - 0.8 * strain), -0.04 * strain);
    for (Lead l : List.of(Lead.V1, Lead.V2)) {
      stShift(s.get(l).set("T", range(r, 0.4, 0.65)), range(r, 0.05, 0.15));
    }
  }

  static double range(SplittableRandom r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
