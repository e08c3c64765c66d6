package io.ecgmon.replay;

/** The recordings of one patient, in playing order. */
public interface PatientSource {

  /** Pseudonymous id, the Kafka key: {@code ptbxl-<patient_id>} or {@code synth-0001}. */
  String patientId();

  /**
   * Does the expensive start-up work (building a generator, reading the first file) before the
   * simulation's clock starts, so the first segments are on time. Called once, possibly in parallel
   * with other patients' prepare.
   */
  default void prepare() throws java.io.IOException {}

  /** The next recording, or null when the patient has nothing more to play. */
  FeedRecord nextRecord() throws java.io.IOException;
}
