package io.ecgmon.replay;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress line of a simulation: patients, segments and segments/s, MB/s, lag behind the clock
 * (worst since the last line; paced runs), session time reached, faults injected. No patient data.
 */
public final class Progress {

  private final Simulation simulation;
  private final Clock clock;
  private final PrintStream out;
  private long lastNanos;
  private long lastSegments;
  private long lastBytes;

  public Progress(Simulation simulation, Clock clock, PrintStream out) {
    this.simulation = simulation;
    this.clock = clock;
    this.out = out;
    this.lastNanos = clock.nanos();
  }

  /** Prints one line covering the time since the previous one. */
  public void print() {
    out.println(line());
  }

  public String line() {
    long now = clock.nanos();
    Counters.Snapshot c = simulation.counters();
    double dt = Math.max(1e-9, (now - lastNanos) / 1e9);
    double segRate = (c.segments() - lastSegments) / dt;
    double mbRate = (c.bytes() - lastBytes) / dt / 1e6;
    lastNanos = now;
    lastSegments = c.segments();
    lastBytes = c.bytes();
    double lag = simulation.takeMaxLagMillis();
    String pacing = simulation.config().asFastAsPossible() ? "lag n/a (as fast as possible)"
        : String.format(Locale.ROOT, "lag max %.0f ms", lag);
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "simulate: patients %d (%d done) | segments %d, %.0f/s | %.2f MB/s | %s | session %.0f s",
        c.patients(), c.finishedPatients(), c.segments(), segRate, mbRate, pacing, c.signalSeconds()));
    if (simulation.config().faults().any()) {
      b.append(String.format(Locale.ROOT, " | faults drop %d dup %d reorder %d late %d corrupt %d nan %d flat %d",
          c.dropped(), c.duplicated(), c.reordered(), c.late(), c.corrupted(), c.nanBursts(), c.flatBursts()));
    }
    if (c.sendErrors() > 0) {
      b.append(" | send errors ").append(c.sendErrors());
    }
    return b.toString();
  }
}
