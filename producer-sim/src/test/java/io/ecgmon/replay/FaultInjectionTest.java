package io.ecgmon.replay;

import static io.ecgmon.replay.Fixtures.looping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ecgmon.avro.EcgSegment;
import io.ecgmon.serde.AvroDeserializer;
import io.ecgmon.wfdb.SampleFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Each fault happens at its rate (within 5 binomial standard deviations), as seen by a consumer. */
class FaultInjectionTest {

  static final int PATIENTS = 20;
  static final int SEGMENTS = 500;

  record Outcome(Counters.Snapshot counters, List<Fixtures.Sent> sent, Map<String, Object> registry) {}

  static Outcome run(FaultConfig faults, long seed) {
    VirtualClock clock = new VirtualClock(1_700_000_000_000L);
    Map<String, Object> registry = Fixtures.registry();
    Fixtures.RecordingSink sink = new Fixtures.RecordingSink(clock);
    List<PatientSource> patients = new ArrayList<>();
    for (int i = 0; i < PATIENTS; i++) {
      patients.add(looping("p" + i, 100, 10));
    }
    SimulationConfig config = SimulationConfig.defaults().withPacing(1.0, 10, 0).withDuration(SEGMENTS)
        .withFaults(faults).withSeed(seed).withRunId("faults");
    Simulation sim = Simulation.run(config, patients, Fixtures.encoder(registry), sink, clock);
    assertThat(sim.failure()).isNull();
    return new Outcome(sim.counters(), sink.on(config.segmentsTopic()), registry);
  }

  static void assertRate(long count, double rate) {
    double n = PATIENTS * SEGMENTS;
    double sd = Math.sqrt(n * rate * (1 - rate));
    assertThat((double) count).as("count for rate %s", rate).isCloseTo(n * rate, within(5 * sd + 1));
  }

  @Test
  void dropDuplicateReorderLateAndCorruptAtTheirRates() {
    FaultConfig faults = new FaultConfig(0.1, 0.05, 0.05, 4, 0.02, 5, 0.03, 0, 0, 2);
    Outcome o = run(faults, 42);
    Counters.Snapshot c = o.counters();
    assertRate(c.dropped(), 0.1);
    assertRate(c.duplicated(), 0.9 * 0.05);
    assertRate(c.corrupted(), 0.9 * 0.03);
    assertRate(c.late(), 0.9 * 0.02);
    assertRate(c.reordered(), 0.9 * 0.98 * 0.05);
    assertThat(c.segments()).isEqualTo(o.sent().size()).isEqualTo(PATIENTS * SEGMENTS - c.dropped() + c.duplicated());

    // what a consumer sees: corrupt values fail to deserialize, the others are whole segments
    AvroDeserializer<Object> d = Fixtures.deserializer(o.registry());
    Map<String, List<Long>> order = new HashMap<>();
    int failures = 0;
    Map<String, Map<Long, Integer>> copies = new HashMap<>();
    for (Fixtures.Sent s : o.sent()) {
      EcgSegment seg;
      try {
        seg = Fixtures.segment(d, s);
      } catch (SerializationException e) {
        failures++;
        continue;
      }
      order.computeIfAbsent(seg.getPatientId(), k -> new ArrayList<>()).add(seg.getFirstSampleIndex() / 100);
      copies.computeIfAbsent(seg.getPatientId(), k -> new TreeMap<>()).merge(seg.getFirstSampleIndex() / 100, 1,
          Integer::sum);
    }
    // duplicates of a corrupt segment fail twice
    assertThat(failures).isBetween((int) c.corrupted(), (int) (c.corrupted() + c.duplicated()));
    long twice = copies.values().stream().flatMap(m -> m.values().stream()).filter(v -> v == 2).count();
    assertThat(twice).isLessThanOrEqualTo(c.duplicated()).isGreaterThanOrEqualTo(c.duplicated() - failures);
    long missing = copies.values().stream().mapToLong(m -> SEGMENTS - m.size()).sum();
    assertThat(missing).isBetween(c.dropped(), c.dropped() + failures);

    // out-of-order arrivals: a reordered segment comes after at most window-1 later ones, a late one
    // after the 5 that followed it
    int displaced = 0;
    for (List<Long> seq : order.values()) {
      for (int i = 0; i < seq.size(); i++) {
        long k = seq.get(i);
        long laterBefore = seq.subList(0, i).stream().filter(x -> x > k).distinct().count();
        assertThat(laterBefore).isLessThanOrEqualTo(5);
        if (laterBefore > 0) {
          displaced++;
        }
      }
    }
    assertThat(displaced).isGreaterThan((int) (c.reordered() + c.late()) / 2);
  }

  @Test
  void nanAndFlatLineBurstsLastTheirLength() {
    FaultConfig faults = new FaultConfig(0, 0, 0, 4, 0, 30, 0, 0.01, 0.01, 2);
    Outcome o = run(faults, 7);
    Counters.Snapshot c = o.counters();
    assertRate(c.nanBursts(), 0.01);
    assertRate(c.flatBursts(), 0.0099);
    AvroDeserializer<Object> d = Fixtures.deserializer(o.registry());
    // rebuild each patient's lead streams, then find the runs of invalid and of flat (baseline 0) samples
    Map<String, short[][]> streams = new HashMap<>();
    for (Fixtures.Sent s : o.sent()) {
      EcgSegment seg = Fixtures.segment(d, s);
      short[][] st = streams.computeIfAbsent(seg.getPatientId(), k -> new short[2][SEGMENTS * 100]);
      ByteBuffer b = seg.getSamples().order(ByteOrder.LITTLE_ENDIAN);
      for (int l = 0; l < 2; l++) {
        for (int i = 0; i < seg.getSamplesPerLead(); i++) {
          st[l][(int) seg.getFirstSampleIndex() + i] = b.getShort();
        }
      }
    }
    int nanRuns = 0;
    int flatRuns = 0;
    for (short[][] st : streams.values()) {
      for (short[] lead : st) {
        for (int i = 0; i < lead.length; ) {
          short v = lead[i];
          if (v != SampleFormat.INVALID && v != 0) {
            i++;
            continue;
          }
          int j = i;
          while (j < lead.length && lead[j] == v) {
            j++;
          }
          if (j < lead.length) {
            // 2 s at 100 Hz; two bursts may follow each other on the same lead
            assertThat((j - i) % 200).as("burst run at %d", i).isZero();
          }
          if (v == 0) {
            flatRuns += (j - i + 199) / 200;
          } else {
            nanRuns += (j - i + 199) / 200;
          }
          i = j;
        }
      }
    }
    // a NaN burst hits one lead, or both (the whole device); a flat-line burst one lead
    assertThat(flatRuns).isEqualTo((int) c.flatBursts());
    assertThat(nanRuns).isBetween((int) c.nanBursts(), (int) (2 * c.nanBursts()));
  }

  @Test
  void theSameSeedGivesTheSameFaultsAndBytes() {
    FaultConfig faults = new FaultConfig(0.05, 0.05, 0.05, 3, 0.05, 4, 0.05, 0.02, 0.02, 1);
    Outcome a = run(faults, 3);
    Outcome b = run(faults, 3);
    Outcome other = run(faults, 4);
    assertThat(b.counters()).isEqualTo(a.counters());
    assertThat(b.sent()).hasSameSizeAs(a.sent());
    for (int i = 0; i < a.sent().size(); i++) {
      // the registries differ (ids may too): compare the Avro payload after the 5-byte header
      byte[] x = a.sent().get(i).value();
      byte[] y = b.sent().get(i).value();
      assertThat(java.util.Arrays.copyOfRange(y, 5, y.length)).isEqualTo(java.util.Arrays.copyOfRange(x, 5, x.length));
    }
    assertThat(other.counters()).isNotEqualTo(a.counters());
  }

  @Test
  void ratesOutsideZeroToOneAreRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FaultConfig(1.5, 0, 0, 4, 0, 1, 0, 0, 0, 1))
        .hasMessage("drop rate must be between 0 and 1, not 1.5");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FaultConfig(0, 0, 0.1, 1, 0, 1, 0, 0, 0, 1))
        .hasMessageContaining("reorder window must be at least 2");
  }
}
