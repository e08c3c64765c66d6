package io.ecgmon.replay;

/**
 * How to play the feeds.
 *
 * @param segmentsTopic topic of EcgSegment records
 * @param patientInfoTopic compacted topic of PatientInfo records
 * @param segmentSeconds segment length (session time)
 * @param speed 1 = real time, 10 = ten times faster, 0 = as fast as possible
 * @param jitterMillis each send is delayed by a random 0..jitterMillis (paced runs)
 * @param durationSeconds session time to play per patient, 0 = until the recordings end or stop()
 * @param faults fault injection
 * @param seed seeds patient phases, jitter and faults
 * @param threads worker threads the patients are shared among
 * @param runId distinguishes this run's sessions (recordingId = patientId-runId)
 * @param sessionPerRecord every recording is a session of its own (recordingId patientId-runId-record,
 *     indices from 0): an evaluation's first window is then exactly the recording
 */
public record SimulationConfig(String segmentsTopic, String patientInfoTopic, double segmentSeconds, double speed,
    double jitterMillis, double durationSeconds, FaultConfig faults, long seed, int threads, String runId,
    boolean sessionPerRecord) {

  public SimulationConfig {
    if (!(segmentSeconds > 0)) {
      throw new IllegalArgumentException("segment length must be positive, not " + segmentSeconds);
    }
    if (!(speed >= 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be 0 (as fast as possible) or positive, not " + speed);
    }
    if (!(jitterMillis >= 0)) {
      throw new IllegalArgumentException("jitter must not be negative");
    }
    if (!(durationSeconds >= 0)) {
      throw new IllegalArgumentException("duration must not be negative");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
  }

  /** Defaults: topics ecg-segments and patient-info, 1 s segments, real time, no faults. */
  public static SimulationConfig defaults() {
    return new SimulationConfig("ecg-segments", "patient-info", 1.0, 1.0, 0, 0, FaultConfig.NONE, 1, 1,
        Long.toString(System.currentTimeMillis(), 36), false);
  }

  public boolean asFastAsPossible() {
    return speed == 0;
  }

  public SimulationConfig withTopics(String segments, String patientInfo) {
    return new SimulationConfig(segments, patientInfo, segmentSeconds, speed, jitterMillis, durationSeconds, faults,
        seed, threads, runId, sessionPerRecord);
  }

  public SimulationConfig withPacing(double segmentSeconds, double speed, double jitterMillis) {
    return new SimulationConfig(segmentsTopic, patientInfoTopic, segmentSeconds, speed, jitterMillis,
        durationSeconds, faults, seed, threads, runId, sessionPerRecord);
  }

  public SimulationConfig withDuration(double seconds) {
    return new SimulationConfig(segmentsTopic, patientInfoTopic, segmentSeconds, speed, jitterMillis, seconds, faults,
        seed, threads, runId, sessionPerRecord);
  }

  public SimulationConfig withFaults(FaultConfig f) {
    return new SimulationConfig(segmentsTopic, patientInfoTopic, segmentSeconds, speed, jitterMillis,
        durationSeconds, f, seed, threads, runId, sessionPerRecord);
  }

  public SimulationConfig withSeed(long s) {
    return new SimulationConfig(segmentsTopic, patientInfoTopic, segmentSeconds, speed, jitterMillis,
        durationSeconds, faults, s, threads, runId, sessionPerRecord);
  }

  public SimulationConfig withThreads(int n) {
    return new SimulationConfig(segmentsTopic, patientInfoTopic, segmentSeconds, speed, jitterMillis,
        durationSeconds, faults, seed, n, runId, sessionPerRecord);
  }

  public SimulationConfig withSessionPerRecord(boolean perRecord) {
    return new SimulationConfig(segmentsTopic, patientInfoTopic, segmentSeconds, speed, jitterMillis,
        durationSeconds, faults, seed, threads, runId, perRecord);
  }

  public SimulationConfig withRunId(String id) {
    return new SimulationConfig(segmentsTopic, patientInfoTopic, segmentSeconds, speed, jitterMillis,
        durationSeconds, faults, seed, threads, id, sessionPerRecord);
  }
}
