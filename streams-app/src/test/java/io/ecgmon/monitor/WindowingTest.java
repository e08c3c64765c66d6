package io.ecgmon.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.avro.Classification;
import io.ecgmon.avro.DeadLetter;
import io.ecgmon.avro.EcgSegment;
import io.ecgmon.avro.QualityFlag;
import io.ecgmon.testkit.FakeClassifier;
import io.ecgmon.testkit.MonitorDriver;
import io.ecgmon.testkit.SyntheticEcg;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Windowing edge cases through the real topology (TopologyTestDriver), with a scripted classifier. */
class WindowingTest {

  static final long EPOCH = 1_700_000_000_000L;
  final SyntheticEcg ecg = new SyntheticEcg(3);

  EcgSegment second(String patient, String recording, int rate, int second) {
    return ecg.segment(patient, recording, rate, (long) second * rate, rate, EPOCH, EPOCH + second * 1000L + 1000);
  }

  static List<Long> starts(List<Classification> cs) {
    return cs.stream().map(Classification::getWindowStartIndex).toList();
  }

  @Test
  void inOrderSegmentsGiveHoppingWindowsOnTheSampleIndexGrid() {
    FakeClassifier model = new FakeClassifier();
    try (MonitorDriver d = new MonitorDriver(model, Map.of())) {
      for (int s = 0; s < 25; s++) {
        d.send(second("p1", "r1", 100, s));
      }
      List<Classification> out = d.classifications();
      assertThat(starts(out)).containsExactly(0L, 500L, 1000L, 1500L);
      Classification first = out.get(0);
      assertThat(first.getWindowEndIndex()).isEqualTo(1000);
      assertThat(first.getWindowStartTime().toEpochMilli()).isEqualTo(EPOCH);
      assertThat(first.getWindowEndTime().toEpochMilli()).isEqualTo(EPOCH + 10_000);
      assertThat(first.getQuality()).containsExactly(QualityFlag.METADATA_MISSING);
      assertThat(first.getLastSegmentProducedAt().toEpochMilli()).isEqualTo(EPOCH + 10_000);
      assertThat(first.getScores()).extracting(s -> s.getLabel()).containsExactly("NORM", "MI", "STTC", "CD", "HYP");
      assertThat(first.getScores().get(2).getThreshold()).isEqualTo(model.card().thresholds().get("STTC"));
      assertThat(first.getPredicted()).containsExactly("NORM");
      assertThat(first.getModelVersion()).isEqualTo(model.card().version());
      assertThat(d.counter("ecgmon.segments", "outcome", "accepted")).isEqualTo(25);
      assertThat(d.counter("ecgmon.windows", "outcome", "classified")).isEqualTo(4);
      assertThat(d.deadLetters()).isEmpty();
    }
  }

  @Test
  void outOfOrderSegmentsWithinGraceGiveTheSameWindowsAndInputs() {
    FakeClassifier inOrder = new FakeClassifier();
    FakeClassifier shuffled = new FakeClassifier();
    List<Integer> order = new ArrayList<>(IntStream.range(0, 25).boxed().toList());
    try (MonitorDriver d = new MonitorDriver(inOrder, Map.of())) {
      order.forEach(s -> d.send(second("p1", "r1", 100, s)));
      assertThat(starts(d.classifications())).containsExactly(0L, 500L, 1000L, 1500L);
    }
    // swap neighbours within 3 s: always within the 5 s grace
    Random random = new Random(42);
    for (int i = 0; i + 3 < order.size(); i += 3) {
      Collections.swap(order, i, i + 1 + random.nextInt(2));
    }
    try (MonitorDriver d = new MonitorDriver(shuffled, Map.of())) {
      order.forEach(s -> d.send(second("p1", "r1", 100, s)));
      List<Classification> out = d.classifications();
      assertThat(starts(out)).containsExactly(0L, 500L, 1000L, 1500L);
      assertThat(out).allSatisfy(c -> assertThat(c.getQuality()).doesNotContain(QualityFlag.GAP));
    }
    assertThat(shuffled.inputs).hasSameSizeAs(inOrder.inputs);
    for (int i = 0; i < inOrder.inputs.size(); i++) {
      assertThat(shuffled.inputs.get(i).signal().ecg()).isDeepEqualTo(inOrder.inputs.get(i).signal().ecg());
    }
  }

  @Test
  void duplicatesAreIdempotent() {
    FakeClassifier model = new FakeClassifier();
    try (MonitorDriver d = new MonitorDriver(model, Map.of())) {
      for (int s = 0; s < 25; s++) {
        d.send(second("p1", "r1", 100, s));
        if (s % 4 == 0) {
          d.send(second("p1", "r1", 100, s));
        }
      }
      assertThat(starts(d.classifications())).containsExactly(0L, 500L, 1000L, 1500L);
      assertThat(d.counter("ecgmon.segments", "outcome", "duplicate")).isEqualTo(7);
      assertThat(d.deadLetters()).isEmpty();
    }
  }

  @Test
  void aSameKeyWithOtherSamplesIsAConflictNotADuplicate() {
    try (MonitorDriver d = new MonitorDriver(new FakeClassifier(), Map.of())) {
      d.send(second("p1", "r1", 100, 0));
      EcgSegment other = new SyntheticEcg(99).segment("p1", "r1", 100, 0, 100, EPOCH, EPOCH);
      d.send(other);
      assertThat(d.deadLetters()).extracting(DeadLetter::getReason).containsExactly("CONFLICTING_DUPLICATE");
    }
  }

  @Test
  void aSmallGapGivesAGapFlaggedWindowAfterTheGracePeriodAndALargeOneNoWindow() {
    try (MonitorDriver d = new MonitorDriver(new FakeClassifier(), Map.of())) {
      for (int s = 0; s < 30; s++) {
        boolean small = s == 3; // 1 s of window [0, 10 s): 90 % coverage
        boolean large = s >= 16 && s <= 18; // 3 s of [10 s, 20 s) and [15 s, 25 s): 70 %
        if (!small && !large) {
          d.send(second("p1", "r1", 100, s));
        }
        if (s == 13) {
          // window 0 is incomplete and its grace (5 s past its end) has not passed: nothing yet
          assertThat(d.classifications()).isEmpty();
        }
      }
      List<Classification> out = d.classifications();
      assertThat(starts(out)).containsExactly(0L, 500L, 2000L);
      assertThat(out.get(0).getQuality()).contains(QualityFlag.GAP);
      assertThat(out.get(1).getQuality()).doesNotContain(QualityFlag.GAP);
      assertThat(d.counter("ecgmon.windows", "outcome", "skipped_low_coverage")).isEqualTo(2);
      assertThat(d.deadLetters()).isEmpty();
    }
  }

  @Test
  void aSegmentWhoseWindowsWereAllDecidedIsALateDeadLetter() {
    try (MonitorDriver d = new MonitorDriver(new FakeClassifier(), Map.of())) {
      for (int s = 0; s < 25; s++) {
        if (s != 2) {
          d.send(second("p1", "r1", 100, s));
        }
      }
      assertThat(starts(d.classifications())).containsExactly(0L, 500L, 1000L, 1500L);
      EcgSegment late = second("p1", "r1", 100, 2);
      d.send(late);
      List<DeadLetter> dead = d.deadLetters();
      assertThat(dead).singleElement().satisfies(dl -> {
        assertThat(dl.getReason()).isEqualTo("LATE_SEGMENT");
        assertThat(dl.getSourceTopic()).isEqualTo("ecg-segments");
        assertThat(dl.getSourceOffset()).isEqualTo(24);
        assertThat(toBytes(dl.getValue())).isEqualTo(d.avro("ecg-segments", late));
        assertThat(toBytes(dl.getKey())).isEqualTo("p1".getBytes());
      });
      assertThat(d.counter("ecgmon.segments", "outcome", "late")).isEqualTo(1);
      assertThat(d.counter("ecgmon.dead.letters", "reason", "LATE_SEGMENT")).isEqualTo(1);
      assertThat(d.classifications()).isEmpty();
    }
  }

  static byte[] toBytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  @Test
  void aNewRecordingClosesTheOldSessionAndNeverMixesWithIt() {
    FakeClassifier model = new FakeClassifier();
    try (MonitorDriver d = new MonitorDriver(model, Map.of())) {
      for (int s = 0; s < 13; s++) {
        d.send(second("p1", "r1", 100, s));
      }
      assertThat(starts(d.classifications())).containsExactly(0L);
      // r2 restarts the sample index at 0; r1's window [5 s, 15 s) has 80 % and is flushed with GAP
      for (int s = 0; s < 10; s++) {
        d.send(ecg.segment("p1", "r2", 100, s * 100L, 100, EPOCH + 60_000, EPOCH + 60_000));
      }
      List<Classification> out = d.classifications();
      assertThat(out).extracting(c -> c.getRecordingId() + "@" + c.getWindowStartIndex())
          .containsExactly("r1@500", "r2@0");
      assertThat(out.get(0).getQuality()).contains(QualityFlag.GAP);
      assertThat(out.get(1).getWindowStartTime().toEpochMilli()).isEqualTo(EPOCH + 60_000);
      // the r2 window holds only r2 samples: the same signal from index 0 as r1's first window
      assertThat(model.inputs.get(2).signal().ecg()).isDeepEqualTo(model.inputs.get(0).signal().ecg());
      d.send(second("p1", "r1", 100, 13));
      assertThat(d.deadLetters()).extracting(DeadLetter::getReason).containsExactly("LATE_SEGMENT");
      assertThat(d.store(MonitorTopology.SEGMENTS_STORE).prefixScan("2:p1|2:r1|",
          new org.apache.kafka.common.serialization.StringSerializer()).hasNext()).isFalse();
    }
  }

  @Test
  void idlePatientsAreFlushedAndForgotten() {
    try (MonitorDriver d = new MonitorDriver(new FakeClassifier(), Map.of(MonitorConfig.IDLE_TIMEOUT_MS, "60000"))) {
      for (int s = 0; s < 13; s++) {
        d.send(second("p1", "r1", 100, s));
      }
      d.send(second("p2", "r1", 100, 0));
      assertThat(starts(d.classifications())).containsExactly(0L);
      assertThat(d.registry.get("ecgmon.patients.active").gauge().value()).isEqualTo(2);
      d.advanceWallClock(Duration.ofSeconds(30));
      assertThat(d.classifications()).isEmpty();
      d.advanceWallClock(Duration.ofSeconds(40));
      assertThat(starts(d.classifications())).containsExactly(500L);
      assertThat(d.count(MonitorTopology.PATIENTS_STORE)).isZero();
      assertThat(d.count(MonitorTopology.SEGMENTS_STORE)).isZero();
      assertThat(d.registry.get("ecgmon.patients.active").gauge().value()).isZero();
      // below coverage, counted, no window: p1's [10 s, 20 s) (30 %) and p2's [0, 10 s) (10 %)
      assertThat(d.counter("ecgmon.windows", "outcome", "skipped_low_coverage")).isEqualTo(2);
    }
  }

  @Test
  void bufferedSegmentsStayBoundedOnALongStream() {
    try (MonitorDriver d = new MonitorDriver(new FakeClassifier(), Map.of())) {
      for (int s = 0; s < 120; s++) {
        d.send(second("p1", "r1", 100, s));
      }
      assertThat(d.classifications()).hasSize(23);
      // windows from committedStart on need at most window + hop = 15 s of segments
      assertThat(d.count(MonitorTopology.SEGMENTS_STORE)).isLessThanOrEqualTo(15);
    }
  }

  @Test
  void fiveHundredHertzIsWindowedAtItsOwnRateAndResampled() {
    FakeClassifier model = new FakeClassifier();
    try (MonitorDriver d = new MonitorDriver(model, Map.of())) {
      for (int s = 0; s < 15; s++) {
        d.send(second("p1", "r1", 500, s));
      }
      List<Classification> out = d.classifications();
      assertThat(starts(out)).containsExactly(0L, 2500L);
      assertThat(out.get(0).getWindowEndIndex()).isEqualTo(5000);
      assertThat(out.get(1).getWindowEndTime().toEpochMilli()).isEqualTo(EPOCH + 15_000);
      assertThat(out).allSatisfy(c -> assertThat(c.getQuality()).contains(QualityFlag.RESAMPLED));
      assertThat(model.inputs.get(0).signal().ecg()[0]).hasSize(1000);
    }
  }

  @Test
  void batchesFillUpToTheMaximumOrLeaveAfterTheMaximumWait() {
    FakeClassifier model = new FakeClassifier();
    try (MonitorDriver d = new MonitorDriver(model, Map.of(MonitorConfig.BATCH_MAX_SIZE, "3",
        MonitorConfig.BATCH_MAX_WAIT_MS, "100"))) {
      for (int s = 0; s < 10; s++) {
        for (String p : List.of("a", "b", "c", "d")) {
          d.send(second(p, "r1", 100, s));
        }
      }
      assertThat(d.classifications()).hasSize(3);
      assertThat(model.batches).containsExactly(3);
      d.advanceWallClock(Duration.ofMillis(100));
      assertThat(d.classifications()).extracting(Classification::getPatientId).containsExactly("d");
      assertThat(model.batches).containsExactly(3, 1);
      assertThat(d.registry.get("ecgmon.inference.batch.size").summary().count()).isEqualTo(2);
    }
  }

  @Test
  void patientInfoFeedsTheMetadataInput() {
    FakeClassifier model = new FakeClassifier();
    try (MonitorDriver d = new MonitorDriver(model, Map.of())) {
      d.sendPatientInfo("p1", d.avro("patient-info", io.ecgmon.avro.PatientInfo.newBuilder().setPatientId("p1")
          .setAgeYears(70f).setSex(io.ecgmon.avro.Sex.FEMALE).build()));
      for (int s = 0; s < 10; s++) {
        d.send(second("p1", "r1", 100, s));
      }
      Classification c = d.classifications().get(0);
      assertThat(c.getQuality()).doesNotContain(QualityFlag.METADATA_MISSING);
      float[] meta = model.inputs.get(0).metadata();
      assertThat(meta[1]).isZero(); // age present
      assertThat(meta[2]).isEqualTo(1f); // female
      assertThat(meta[5]).isEqualTo(1f); // height missing
      assertThat(Set.of(d.deadLetters().toArray())).isEmpty();
    }
  }

  @Test
  void anUnreadablePatientInfoRecordIsADeadLetter() {
    try (MonitorDriver d = new MonitorDriver(new FakeClassifier(), Map.of())) {
      d.sendPatientInfo("p1", new byte[] {0, 0, 0, 0, 99, 1});
      d.sendPatientInfo("p1", d.avro("patient-info", io.ecgmon.avro.PatientInfo.newBuilder().setPatientId("p2")
          .build()));
      assertThat(d.deadLetters()).extracting(DeadLetter::getReason, DeadLetter::getSourceTopic)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("DESERIALIZATION_ERROR", "patient-info"),
              org.assertj.core.groups.Tuple.tuple("KEY_MISMATCH", "patient-info"));
    }
  }

  @Test
  void aFailedModelRunIsReportedAndItsWindowClassifiedWithTheNextSegment() {
    FakeClassifier model = new FakeClassifier();
    try (MonitorDriver d = new MonitorDriver(model, Map.of())) {
      for (int s = 0; s < 9; s++) {
        d.send(second("p1", "r1", 100, s));
      }
      model.failNext(1);
      d.send(second("p1", "r1", 100, 9)); // completes window 0; the model run fails
      assertThat(d.classifications()).isEmpty();
      assertThat(d.deadLetters()).extracting(DeadLetter::getReason).containsExactly("PROCESSING_ERROR");
      for (int s = 10; s < 16; s++) {
        d.send(second("p1", "r1", 100, s));
      }
      assertThat(starts(d.classifications())).containsExactly(0L, 500L);
    }
  }

  @Test
  void theStartOfASessionMayArriveOutOfOrderWithinGrace() {
    try (MonitorDriver d = new MonitorDriver(new FakeClassifier(), Map.of())) {
      d.send(second("p1", "r1", 100, 4)); // seen first
      for (int s = 0; s < 15; s++) {
        if (s != 4) {
          d.send(second("p1", "r1", 100, s));
        }
      }
      assertThat(starts(d.classifications())).containsExactly(0L, 500L);
      assertThat(d.deadLetters()).isEmpty();
    }
  }
}
