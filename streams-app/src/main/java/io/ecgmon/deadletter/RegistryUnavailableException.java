package io.ecgmon.deadletter;

import io.ecgmon.registry.RegistryException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema registry could not answer (unreachable, a 5xx, our credentials refused): a failure of the
 * infrastructure, not of the record, so the record is never dead-lettered. A "no such schema id"
 * answer is not this: that record is poison ({@code UNKNOWN_SCHEMA}).
 *
 * <p>The stream thread first waits for the registry ({@link #retrying}: a blip costs a pause, no
 * rebalance; the consumer's heartbeats go on meanwhile). If it stays away, {@link DeadLetterHandler}
 * fails the thread, {@code MonitorApp} replaces it and the record is read again from the last commit
 * (exactly once: nothing of the failed attempt was committed).
 */
public final class RegistryUnavailableException extends RuntimeException {

  private static final Logger log = LoggerFactory.getLogger(RegistryUnavailableException.class);
  /** How long a stream thread waits for the registry (well inside Streams' max.poll.interval.ms of 5 min). */
  static final long PATIENCE_MS = 30_000;
  private static final long MAX_BACKOFF_MS = 4_000;

  private RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether {@code e} or one of its causes says the registry could not answer. */
  public static boolean isCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RegistryUnavailableException) {
        return true;
      }
      if (t instanceof RegistryException r) {
        int s = r.status();
        return s >= 500 || s == 401 || s == 403 || s == 408 || s == 429;
      }
    }
    return false;
  }

  /**
   * Runs {@code call} (a deserialization), retrying with backoff while the registry cannot answer, for
   * up to {@link #PATIENCE_MS}; then throws this exception. Other exceptions pass unchanged.
   */
  public static <T> T retrying(String what, Supplier<T> call) {
    long deadline = System.nanoTime() + PATIENCE_MS * 1_000_000;
    long backoff = 250;
    for (int attempt = 1; ; attempt++) {
      try {
        T result = call.get();
        if (attempt > 1) {
          log.info("schema registry answers again after {} attempts ({})", attempt, what);
        }
        return result;
      } catch (RuntimeException e) {
        if (!isCause(e)) {
          throw e;
        }
        if (System.nanoTime() > deadline) {
          throw new RegistryUnavailableException(what + ": schema registry unavailable for "
              + PATIENCE_MS / 1000 + " s: " + e.getMessage(), e);
        }
        if (attempt == 1) {
          log.warn("schema registry unavailable ({}): waiting up to {} s, the record is not a dead letter: {}", what,
              PATIENCE_MS / 1000, e.getMessage());
        }
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new RegistryUnavailableException(what + ": interrupted waiting for the schema registry", e);
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }
}
