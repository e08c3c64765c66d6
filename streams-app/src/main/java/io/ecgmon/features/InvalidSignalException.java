package io.ecgmon.features;

/**
 * A signal the feature spec cannot be applied to. The {@link Reason} is stable and short so that a
 * dead-letter record and a metric tag can carry it; the message says what was seen, never samples.
 */
public final class InvalidSignalException extends IllegalArgumentException {

  public enum Reason {
    WRONG_LEAD_COUNT,
    WRONG_LENGTH,
    NON_FINITE_SAMPLE,
    UNSUPPORTED_SAMPLE_RATE
  }

  private final Reason reason;

  public InvalidSignalException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
