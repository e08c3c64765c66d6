package io.ecgmon.replay;

import io.ecgmon.wfdb.SampleFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Decides, per segment of one patient, which faults of a {@link FaultConfig} happen, applies the sample
 * faults (bursts, which may run on into the next segments) and returns what to send when. One injector
 * per patient with its own seeded random stream: the same seed gives the same faults, whatever the
 * threading.
 */
final class FaultInjector {

  private final FaultConfig config;
  private final SplittableRandom random;
  private final Counters counters;
  private int burstLeft;
  private boolean[] burstLeads;
  private boolean burstNan;

  FaultInjector(FaultConfig config, long seed, Counters counters) {
    this.config = config;
    this.random = new SplittableRandom(seed);
    this.counters = counters;
  }

  /**
   * The emissions of {@code segment}, due at {@code dueSeconds} (simulation time); its samples may be
   * changed in place. {@code segmentSeconds} is the nominal segment length (for reordering).
   */
  List<Emission> apply(Segment segment, double dueSeconds, double segmentSeconds) {
    List<Emission> out = new ArrayList<>(2);
    bursts(segment);
    if (hit(config.drop())) {
      counters.dropped.increment();
      return out;
    }
    Emission.Corruption corruption = null;
    if (hit(config.corrupt())) {
      Emission.Corruption.Kind[] kinds = Emission.Corruption.Kind.values();
      corruption = new Emission.Corruption(kinds[random.nextInt(kinds.length)], random.nextDouble());
      counters.corrupted.increment();
    }
    double release = dueSeconds;
    if (hit(config.late())) {
      release += config.lateSeconds();
      counters.late.increment();
    } else if (hit(config.reorder())) {
      // after the next j segments of this patient (a hair later, so that the order is certain)
      int j = 1 + random.nextInt(config.reorderWindow() - 1);
      release += j * segmentSeconds + 1e-6;
      counters.reordered.increment();
    }
    out.add(new Emission(segment, release, corruption));
    if (hit(config.duplicate())) {
      out.add(new Emission(segment, release, corruption));
      counters.duplicated.increment();
    }
    return out;
  }

  private boolean hit(double rate) {
    return rate > 0 && random.nextDouble() < rate;
  }

  private void bursts(Segment s) {
    int n = s.samples();
    int leads = s.leads().size();
    int start = 0;
    if (burstLeft == 0) {
      boolean nan = hit(config.nanBurst());
      boolean flat = !nan && hit(config.flatBurst());
      if (!nan && !flat) {
        return;
      }
      burstNan = nan;
      burstLeads = new boolean[leads];
      if (nan && random.nextDouble() < 0.3) {
        java.util.Arrays.fill(burstLeads, true); // the whole device: cable off
      } else {
        burstLeads[random.nextInt(leads)] = true; // one electrode off
      }
      burstLeft = Math.max(1, (int) Math.round(config.burstSeconds() * s.rateHz()));
      start = random.nextInt(n);
      (nan ? counters.nanBursts : counters.flatBursts).increment();
    }
    int end = Math.min(n, start + burstLeft);
    for (int l = 0; l < leads; l++) {
      if (burstLeads.length == leads && burstLeads[l]) {
        short v = burstNan ? SampleFormat.INVALID : (short) s.baseline()[l];
        java.util.Arrays.fill(s.counts()[l], start, end, v);
      }
    }
    burstLeft -= end - start;
  }
}
