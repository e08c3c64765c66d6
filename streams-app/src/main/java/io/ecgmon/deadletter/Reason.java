package io.ecgmon.deadletter;

/**
 * Stable reason codes of dead letters: the {@code reason} field of {@code DeadLetter} and the tag of
 * the {@code ecgmon.dead.letters} metric. Add codes; never rename one (dashboards and consumers key on them).
 */
public enum Reason {
  MISSING_KEY,
  NULL_VALUE,
  KEY_MISMATCH,
  BAD_MAGIC_BYTE,
  UNKNOWN_SCHEMA,
  TRUNCATED,
  MALFORMED,
  WRONG_RECORD_TYPE,
  OVERSIZE,
  WRONG_LEAD_COUNT,
  UNKNOWN_LEAD,
  BAD_SAMPLE_RATE,
  SAMPLE_RATE_CHANGED,
  SAMPLES_SIZE_MISMATCH,
  BAD_GAIN,
  BAD_INDEX,
  INVALID_SAMPLE,
  NON_FINITE_SAMPLE,
  LATE_SEGMENT,
  CONFLICTING_DUPLICATE,
  PATIENT_BUFFER_FULL,
  DESERIALIZATION_ERROR,
  PROCESSING_ERROR,
  PRODUCTION_ERROR,
  SERIALIZATION_ERROR
}
