package io.ecgmon.deadletter;

/**
 * A record refused with a stable {@link Reason}. The message says what was wrong (sizes, names,
 * rates), never signal values or anything clinical.
 */
public final class RejectedRecord extends RuntimeException {

  private final Reason reason;

  public RejectedRecord(Reason reason, String message) {
    this(reason, message, null);
  }

  public RejectedRecord(Reason reason, String message, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** The class a dead letter names: the underlying error's when there is one. */
  public String errorClass() {
    return getCause() == null ? getClass().getName() : getCause().getClass().getName();
  }
}
