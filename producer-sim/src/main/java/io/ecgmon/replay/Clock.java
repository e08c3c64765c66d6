package io.ecgmon.replay;

/**
 * Time for the pacer, injectable so tests run hours of schedule in milliseconds. Schedules are absolute
 * ({@link #sleepUntil} a deadline), never relative sleeps, so oversleeping never accumulates.
 */
public interface Clock {

  /** Monotonic time in nanoseconds (arbitrary origin). */
  long nanos();

  /** Wall-clock time, epoch milliseconds (for record timestamps). */
  long epochMillis();

  /** Blocks until {@link #nanos()} reaches {@code deadline} (returns at once when already past). */
  void sleepUntil(long deadline) throws InterruptedException;

  /** The machine's clocks. */
  Clock SYSTEM = new Clock() {
    @Override
    public long nanos() {
      return System.nanoTime();
    }

    @Override
    public long epochMillis() {
      return System.currentTimeMillis();
    }

    @Override
    public void sleepUntil(long deadline) throws InterruptedException {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        // coarse sleep, then a short one: Thread.sleep's granularity is about a millisecond
        if (left > 2_000_000) {
          Thread.sleep((left - 1_000_000) / 1_000_000);
        } else {
          java.util.concurrent.locks.LockSupport.parkNanos(left);
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
        }
      }
    }
  };
}
