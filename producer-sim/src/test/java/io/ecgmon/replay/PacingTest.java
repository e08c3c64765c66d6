package io.ecgmon.replay;

import static io.ecgmon.replay.Fixtures.looping;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.avro.EcgSegment;
import io.ecgmon.serde.AvroDeserializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pacer on a virtual clock: hours of schedule in a moment, every send checked against its due time. */
class PacingTest {

  static final long EPOCH = 1_700_000_000_000L;

  record Timed(EcgSegment segment, long sentNanos) {}

  static List<Timed> run(SimulationConfig config, VirtualClock clock, PatientSource... patients) {
    Map<String, Object> registry = Fixtures.registry();
    Fixtures.RecordingSink sink = new Fixtures.RecordingSink(clock);
    Simulation sim = Simulation.run(config, List.of(patients), Fixtures.encoder(registry), sink, clock);
    assertThat(sim.failure()).isNull();
    assertThat(sink.flushed).isTrue();
    AvroDeserializer<Object> d = Fixtures.deserializer(registry);
    List<Timed> out = new ArrayList<>();
    for (Fixtures.Sent s : sink.on(config.segmentsTopic())) {
      out.add(new Timed(Fixtures.segment(d, s), s.atNanos()));
    }
    return out;
  }

  /** How late a send was (ms): its segment is due when its last sample is acquired, at speed. */
  static double lateness(Timed t, double speed) {
    EcgSegment s = t.segment();
    double endMillis = s.getFirstSampleTime().toEpochMilli() - EPOCH + s.getSamplesPerLead() * 1000.0 / s.getSampleRateHz();
    return t.sentNanos() / 1e6 - endMillis / speed;
  }

  static SimulationConfig config(double speed, double jitterMs, double durationSeconds) {
    return SimulationConfig.defaults().withPacing(1.0, speed, jitterMs).withDuration(durationSeconds).withSeed(7)
        .withRunId("test");
  }

  @Test
  void realTimeForAnHourWithoutDrift() {
    // every sleep ends up to 5 ms late, as on a busy machine; the schedule is absolute, so lateness stays bounded
    VirtualClock clock = new VirtualClock(EPOCH, 5_000_000, 1);
    List<Timed> sent = run(config(1, 0, 3600), clock, looping("a", 100, 10), looping("b", 100, 10),
        looping("c", 500, 7));
    assertThat(sent).hasSize(3 * 3600);
    for (Timed t : sent) {
      assertThat(lateness(t, 1)).as("segment %d of %s", t.segment().getFirstSampleIndex(), t.segment().getPatientId())
          .isBetween(-1.0, 6.0);
    }
    // the last hour's sends are no later than the first minute's
    double firstMinute = sent.subList(0, 180).stream().mapToDouble(t -> lateness(t, 1)).max().orElseThrow();
    double lastMinute = sent.subList(sent.size() - 180, sent.size()).stream().mapToDouble(t -> lateness(t, 1))
        .max().orElseThrow();
    assertThat(lastMinute).isLessThanOrEqualTo(Math.max(firstMinute, 6.0));
    assertThat(clock.nanos() / 1e9).isBetween(3600.0, 3602.0);
  }

  @Test
  void aSpeedFactorCompressesTheSchedule() {
    VirtualClock clock = new VirtualClock(EPOCH);
    List<Timed> sent = run(config(10, 0, 600), clock, looping("a", 100, 10), looping("b", 100, 3));
    assertThat(sent).hasSize(1200);
    for (Timed t : sent) {
      assertThat(lateness(t, 10)).isBetween(-0.1, 0.1);
    }
    assertThat(clock.nanos() / 1e9).isBetween(60.0, 60.2);
    // session time still runs at the signal's own rate: 600 s of samples
    EcgSegment last = sent.get(sent.size() - 1).segment();
    assertThat(last.getFirstSampleIndex()).isEqualTo(599 * 100);
  }

  @Test
  void patientsAreSpreadOverTheSecond() {
    VirtualClock clock = new VirtualClock(EPOCH);
    PatientSource[] patients = new PatientSource[50];
    for (int i = 0; i < patients.length; i++) {
      patients[i] = looping("p" + i, 100, 10);
    }
    List<Timed> sent = run(config(1, 0, 2), clock, patients);
    // first segments are due over [1 s, 2 s): offsets differ, so sends are not all at once
    long distinct = sent.stream().filter(t -> t.segment().getFirstSampleIndex() == 0).mapToLong(Timed::sentNanos)
        .distinct().count();
    assertThat(distinct).isGreaterThan(40);
  }

  @Test
  void jitterDelaysWithinItsBound() {
    VirtualClock clock = new VirtualClock(EPOCH);
    List<Timed> sent = run(config(1, 200, 300), clock, looping("a", 100, 10), looping("b", 100, 10));
    double sum = 0;
    for (Timed t : sent) {
      double late = lateness(t, 1);
      assertThat(late).isBetween(-1.0, 201.0);
      sum += late;
    }
    assertThat(sum / sent.size()).isBetween(80.0, 120.0);
  }

  @Test
  void asFastAsPossibleNeverWaitsAndKeepsPatientsTogether() {
    VirtualClock clock = new VirtualClock(EPOCH);
    PatientSource[] patients = new PatientSource[20];
    for (int i = 0; i < patients.length; i++) {
      patients[i] = looping("p" + i, 100, 10);
    }
    List<Timed> sent = run(config(0, 500, 100), clock, patients);
    assertThat(sent).hasSize(2000);
    assertThat(clock.nanos()).isZero();
    // while any patient is at segment k, no patient has gone past k + 1
    Map<String, Long> at = new HashMap<>();
    for (Timed t : sent) {
      at.put(t.segment().getPatientId(), t.segment().getFirstSampleIndex() / 100);
      long lo = at.values().stream().mapToLong(Long::longValue).min().orElseThrow();
      long hi = at.values().stream().mapToLong(Long::longValue).max().orElseThrow();
      if (at.size() == patients.length) {
        assertThat(hi - lo).isLessThanOrEqualTo(1);
      }
    }
  }
}
