package io.ecgmon.replay;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** What a simulation has done so far; updated from the worker and producer threads. */
public final class Counters {

  final LongAdder segments = new LongAdder();
  final LongAdder bytes = new LongAdder();
  final LongAdder samples = new LongAdder();
  final LongAdder patientInfos = new LongAdder();
  final LongAdder acknowledged = new LongAdder();
  final LongAdder sendErrors = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder duplicated = new LongAdder();
  final LongAdder reordered = new LongAdder();
  final LongAdder late = new LongAdder();
  final LongAdder corrupted = new LongAdder();
  final LongAdder nanBursts = new LongAdder();
  final LongAdder flatBursts = new LongAdder();
  final LongAdder finishedPatients = new LongAdder();
  final LongAccumulator maxLagMicros = new LongAccumulator(Math::max, 0);
  final AtomicLong lastLagMicros = new AtomicLong();
  final LongAccumulator signalMillis = new LongAccumulator(Math::max, 0);
  final int patients;

  Counters(int patients) {
    this.patients = patients;
  }

  /**
   * A consistent-enough copy. {@code segments} counts segment records handed to Kafka (duplicates
   * included, dropped ones not); {@code bytes} their key and value bytes; {@code maxLagMillis} how late
   * behind its schedule the latest sends were at worst (paced runs); {@code signalSeconds} the furthest
   * session time sent.
   */
  public record Snapshot(int patients, long finishedPatients, long segments, long bytes, long samples,
      long patientInfos, long acknowledged, long sendErrors, long dropped, long duplicated, long reordered,
      long late, long corrupted, long nanBursts, long flatBursts, double maxLagMillis, double lastLagMillis,
      double signalSeconds) {}

  public Snapshot snapshot() {
    return new Snapshot(patients, finishedPatients.sum(), segments.sum(), bytes.sum(), samples.sum(),
        patientInfos.sum(), acknowledged.sum(), sendErrors.sum(), dropped.sum(), duplicated.sum(), reordered.sum(),
        late.sum(), corrupted.sum(), nanBursts.sum(), flatBursts.sum(), maxLagMicros.get() / 1000.0,
        lastLagMicros.get() / 1000.0, signalMillis.get() / 1000.0);
  }

  /** The worst lag since the last call, and starts a new interval. */
  double takeMaxLagMillis() {
    return maxLagMicros.getThenReset() / 1000.0;
  }
}
