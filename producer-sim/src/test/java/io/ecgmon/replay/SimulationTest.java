package io.ecgmon.replay;

import static io.ecgmon.replay.Fixtures.looping;
import static io.ecgmon.replay.Fixtures.patient;
import static io.ecgmon.replay.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.avro.EcgSegment;
import io.ecgmon.avro.PatientInfo;
import io.ecgmon.avro.Sex;
import io.ecgmon.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SimulationTest {

  static final long EPOCH = 1_700_000_000_000L;

  static FeedRecord withDemographics(FeedRecord r, FeedRecord.Demographics d) {
    return new FeedRecord(r.name(), r.rateHz(), r.leads(), r.gainPerMv(), r.baseline(), r.counts(), r.labels(), d);
  }

  @Test
  void patientInfoGoesOutFirstAndAgainWhenItChanges() {
    FeedRecord.Demographics young = new FeedRecord.Demographics(60f, 1, 165f, null);
    FeedRecord.Demographics older = new FeedRecord.Demographics(63f, 1, 165f, 70f);
    PatientSource p = patient("ptbxl-7", withDemographics(record("a", 100, 2, 300, 0, List.of("NORM")), young),
        withDemographics(record("b", 100, 2, 300, 0, List.of("NORM")), young),
        withDemographics(record("c", 100, 2, 300, 0, List.of("MI")), older));
    VirtualClock clock = new VirtualClock(EPOCH);
    Map<String, Object> registry = Fixtures.registry();
    Fixtures.RecordingSink sink = new Fixtures.RecordingSink(clock);
    SimulationConfig config = SimulationConfig.defaults().withRunId("r");
    Simulation sim = Simulation.run(config, List.of(p), Fixtures.encoder(registry), sink, clock);

    assertThat(sim.counters().finishedPatients()).isEqualTo(1);
    assertThat(sim.counters().patientInfos()).isEqualTo(2);
    AvroDeserializer<Object> d = Fixtures.deserializer(registry);
    List<String> topics = sink.sent.stream().map(Fixtures.Sent::topic).toList();
    assertThat(topics.get(0)).isEqualTo("patient-info");
    assertThat(topics.indexOf("ecg-segments")).isEqualTo(1);
    List<Fixtures.Sent> infos = sink.on("patient-info");
    PatientInfo first = (PatientInfo) d.deserialize("patient-info", infos.get(0).value());
    assertThat(first.getPatientId()).isEqualTo("ptbxl-7");
    assertThat(first.getAgeYears()).isEqualTo(60f);
    assertThat(first.getSex()).isEqualTo(Sex.FEMALE);
    assertThat(first.getWeightKg()).isNull();
    assertThat(first.getUpdatedAt()).isNotNull();
    PatientInfo second = (PatientInfo) d.deserialize("patient-info", infos.get(1).value());
    assertThat(second.getAgeYears()).isEqualTo(63f);
    assertThat(second.getWeightKg()).isEqualTo(70f);
    // the update precedes the first segment of recording c (sample 600)
    int updateAt = sink.sent.indexOf(infos.get(1));
    EcgSegment next = Fixtures.segment(d, sink.sent.get(updateAt + 1));
    assertThat(next.getFirstSampleIndex()).isEqualTo(600);
    assertThat(next.getGroundTruth()).containsExactly("MI");
    assertThat(infos).allSatisfy(s -> assertThat(s.key()).isEqualTo("ptbxl-7"));
    assertThat(sink.on("ecg-segments")).hasSize(9).allSatisfy(s -> assertThat(s.key()).isEqualTo("ptbxl-7"));
  }

  @Test
  void segmentsCarryTheRecordingsCountsAndLayout() {
    FeedRecord r = record("a", 500, 3, 1000, -40, List.of("CD"));
    r.gainPerMv()[2] = 200f;
    r.baseline()[1] = 1024;
    VirtualClock clock = new VirtualClock(EPOCH);
    Map<String, Object> registry = Fixtures.registry();
    Fixtures.RecordingSink sink = new Fixtures.RecordingSink(clock);
    Simulation.run(SimulationConfig.defaults().withRunId("r").withPacing(0.5, 0, 0), List.of(patient("p", r)),
        Fixtures.encoder(registry), sink, clock);
    List<Fixtures.Sent> sent = sink.on("ecg-segments");
    assertThat(sent).hasSize(4);
    EcgSegment s = Fixtures.segment(Fixtures.deserializer(registry), sent.get(1));
    assertThat(s.getSampleRateHz()).isEqualTo(500f);
    assertThat(s.getSamplesPerLead()).isEqualTo(250);
    assertThat(s.getFirstSampleIndex()).isEqualTo(250);
    assertThat(s.getLeads()).containsExactly("L0", "L1", "L2");
    assertThat(s.getGainPerMv()).containsExactly(1000f, 1000f, 200f);
    assertThat(s.getBaseline()).containsExactly(0, 1024, 0);
    assertThat(s.getRecordingId()).isEqualTo("p-r");
    assertThat(s.getProducedAt()).isNotNull();
    java.nio.ByteBuffer b = s.getSamples().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    assertThat(b.remaining()).isEqualTo(3 * 250 * 2);
    assertThat(b.getShort(0)).isEqualTo((short) (-40 + 250));
    assertThat(b.getShort(2 * (2 * 250 + 249))).isEqualTo((short) (-40 + 20 + 499));
  }

  @Test
  void stopSendsWhatWasAlreadyCutThenFlushes() throws Exception {
    Map<String, Object> registry = Fixtures.registry();
    Fixtures.RecordingSink sink = new Fixtures.RecordingSink(Clock.SYSTEM);
    // half the segments held back 30 s: stopping must not lose them
    SimulationConfig config = SimulationConfig.defaults().withRunId("r").withPacing(0.1, 1, 0)
        .withFaults(new FaultConfig(0, 0, 0, 4, 0.5, 30, 0, 0, 0, 1));
    Simulation sim = Simulation.start(config, List.of(looping("a", 100, 10), looping("b", 100, 10)),
        Fixtures.encoder(registry), sink, Clock.SYSTEM);
    Thread.sleep(1500);
    sim.stop();
    assertThat(sim.await(Duration.ofSeconds(30))).isTrue();
    assertThat(sim.failure()).isNull();
    assertThat(sink.flushed).isTrue();
    assertThat(sim.counters().late()).isGreaterThan(0);
    AvroDeserializer<Object> d = Fixtures.deserializer(registry);
    for (String id : List.of("a", "b")) {
      TreeSet<Long> indices = new TreeSet<>();
      sink.on("ecg-segments").stream().filter(s -> s.key().equals(id))
          .forEach(s -> indices.add(Fixtures.segment(d, s).getFirstSampleIndex()));
      assertThat(indices).isNotEmpty();
      // no gap: every segment cut before the stop was sent
      assertThat(indices.size()).isEqualTo((int) (indices.last() / 10 + 1));
    }
    sim.close();
    assertThat(sink.closed).isTrue();
  }

  @Test
  void aFailedSendStopsTheRunAndIsReported() {
    VirtualClock clock = new VirtualClock(EPOCH);
    Fixtures.RecordingSink sink = new Fixtures.RecordingSink(clock);
    sink.failWith = new org.apache.kafka.common.errors.TimeoutException("broker unreachable");
    Simulation sim = Simulation.run(SimulationConfig.defaults().withDuration(100), List.of(looping("a", 100, 10)),
        Fixtures.encoder(Fixtures.registry()), sink, clock);
    assertThat(sim.failure()).hasMessage("broker unreachable");
    assertThat(sim.counters().sendErrors()).isGreaterThan(0);
    assertThat(sink.sent.size()).isLessThan(10);
  }

  @Test
  void severalWorkerThreadsShareThePatients() throws Exception {
    Map<String, Object> registry = Fixtures.registry();
    Fixtures.RecordingSink sink = new Fixtures.RecordingSink(Clock.SYSTEM);
    List<PatientSource> patients = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      patients.add(looping("p" + i, 100, 10));
    }
    Simulation sim = Simulation.start(SimulationConfig.defaults().withPacing(1, 0, 0).withDuration(30).withThreads(3),
        patients, Fixtures.encoder(registry), sink, Clock.SYSTEM);
    assertThat(sim.await(Duration.ofSeconds(60))).isTrue();
    assertThat(sim.failure()).isNull();
    assertThat(sim.counters().segments()).isEqualTo(12 * 30);
    assertThat(sim.counters().finishedPatients()).isEqualTo(12);
    assertThat(sink.on("patient-info")).hasSize(12);
  }
}
