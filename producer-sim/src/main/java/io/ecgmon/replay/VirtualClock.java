package io.ecgmon.replay;

import java.util.SplittableRandom;

/**
 * A clock that only moves when someone sleeps on it: {@link #sleepUntil} jumps to the deadline (plus,
 * optionally, a random oversleep, as a busy machine would). For tests of the pacer and for
 * deterministic simulations; one thread at a time.
 */
public final class VirtualClock implements Clock {

  private final long epochOrigin;
  private final long maxOversleepNanos;
  private final SplittableRandom random;
  private long now;

  public VirtualClock(long epochMillisAtStart) {
    this(epochMillisAtStart, 0, 0);
  }

  /** Each sleep ends up to {@code maxOversleepNanos} late (uniform, seeded). */
  public VirtualClock(long epochMillisAtStart, long maxOversleepNanos, long seed) {
    this.epochOrigin = epochMillisAtStart;
    this.maxOversleepNanos = maxOversleepNanos;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public synchronized long nanos() {
    return now;
  }

  @Override
  public synchronized long epochMillis() {
    return epochOrigin + Math.floorDiv(now, 1_000_000L);
  }

  @Override
  public synchronized void sleepUntil(long deadline) {
    if (deadline > now) {
      now = deadline + (maxOversleepNanos > 0 ? random.nextLong(maxOversleepNanos + 1) : 0);
    }
  }

  /** Moves time forward (work taking time). */
  public synchronized void advance(long nanos) {
    now += nanos;
  }
}
