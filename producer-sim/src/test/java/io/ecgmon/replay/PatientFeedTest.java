package io.ecgmon.replay;

import static io.ecgmon.replay.Fixtures.patient;
import static io.ecgmon.replay.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatientFeedTest {

  @Test
  void recordingsPlayBackToBackWithContinuousIndicesAndTimes() throws Exception {
    // 250 + 250 + 120 samples at 100 Hz, cut into 1 s (100-sample) segments
    PatientFeed feed = new PatientFeed(patient("p-1", record("a", 100, 3, 250, 0, List.of("NORM")),
        record("b", 100, 3, 250, 1000, List.of("MI")), record("c", 100, 3, 120, 2000, List.of("MI", "CD"))),
        "run1", 1_000_000L, 1.0);
    List<Segment> segments = new ArrayList<>();
    Segment s;
    while ((s = feed.next()) != null) {
      segments.add(s);
    }
    assertThat(segments).extracting(Segment::firstSampleIndex).containsExactly(0L, 100L, 200L, 300L, 400L, 500L, 600L);
    assertThat(segments).extracting(Segment::samples).containsExactly(100, 100, 100, 100, 100, 100, 20);
    assertThat(segments).extracting(Segment::firstSampleTimeMillis)
        .containsExactly(1_000_000L, 1_001_000L, 1_002_000L, 1_003_000L, 1_004_000L, 1_005_000L, 1_006_000L);
    assertThat(segments).allSatisfy(x -> {
      assertThat(x.recordingId()).isEqualTo("p-1-run1");
      assertThat(x.patientId()).isEqualTo("p-1");
    });
    // segment 2 holds samples 200..299: the last 50 of a, the first 50 of b, and both labels
    Segment joined = segments.get(2);
    assertThat(joined.groundTruth()).containsExactly("NORM", "MI");
    assertThat(joined.counts()[1][0]).isEqualTo((short) (10 + 200));
    assertThat(joined.counts()[1][49]).isEqualTo((short) (10 + 249));
    assertThat(joined.counts()[1][50]).isEqualTo((short) (1000 + 10));
    assertThat(segments.get(5).groundTruth()).containsExactly("MI", "CD");

    // concatenated, the segments are exactly the recordings back to back
    List<Short> lead2 = new ArrayList<>();
    segments.forEach(x -> {
      for (short v : x.counts()[2]) {
        lead2.add(v);
      }
    });
    assertThat(lead2).hasSize(620);
    assertThat(lead2.get(249)).isEqualTo((short) (20 + 249));
    assertThat(lead2.get(250)).isEqualTo((short) (1000 + 20));
    assertThat(lead2.get(619)).isEqualTo((short) (2000 + 20 + 119));
  }

  @Test
  void sessionPerRecordGivesEachRecordingItsOwnSessionFromIndexZero() throws Exception {
    PatientFeed feed = new PatientFeed(patient("p-1", record("a", 100, 3, 250, 0, List.of("NORM")),
        record("b", 100, 3, 150, 1000, List.of("MI"))), "run1", 1_000_000L, 1.0, true);
    List<Segment> segments = new ArrayList<>();
    List<Double> ends = new ArrayList<>();
    Segment s;
    while ((s = feed.next()) != null) {
      segments.add(s);
      ends.add(feed.endSeconds(s));
    }
    // a: 100 + 100 + 50 (never spanning into b), b: 100 + 50, indices restarting at 0
    assertThat(segments).extracting(Segment::firstSampleIndex).containsExactly(0L, 100L, 200L, 0L, 100L);
    assertThat(segments).extracting(Segment::samples).containsExactly(100, 100, 50, 100, 50);
    assertThat(segments).extracting(Segment::recordingId)
        .containsExactly("p-1-run1-a", "p-1-run1-a", "p-1-run1-a", "p-1-run1-b", "p-1-run1-b");
    assertThat(segments).extracting(Segment::groundTruth)
        .containsExactly(List.of("NORM"), List.of("NORM"), List.of("NORM"), List.of("MI"), List.of("MI"));
    // times and the schedule run on across sessions
    assertThat(segments).extracting(Segment::firstSampleTimeMillis)
        .containsExactly(1_000_000L, 1_001_000L, 1_002_000L, 1_002_500L, 1_003_500L);
    assertThat(ends).containsExactly(1.0, 2.0, 2.5, 3.5, 4.0);
    assertThat(segments.get(3).counts()[1][0]).isEqualTo((short) (1000 + 10));
  }

  @Test
  void aRecordingWithAnotherLayoutStartsANewSegment() throws Exception {
    FeedRecord a = record("a", 100, 2, 150, 0, List.of());
    FeedRecord b = record("b", 100, 2, 100, 0, List.of());
    b.gainPerMv()[0] = 200f;
    PatientFeed feed = new PatientFeed(patient("p", a, b), "r", 0, 1.0);
    assertThat(feed.next().samples()).isEqualTo(100);
    Segment cut = feed.next();
    assertThat(cut.samples()).isEqualTo(50);
    assertThat(cut.gainPerMv()[0]).isEqualTo(1000f);
    Segment next = feed.next();
    assertThat(next.firstSampleIndex()).isEqualTo(150);
    assertThat(next.gainPerMv()[0]).isEqualTo(200f);
    assertThat(feed.next()).isNull();
  }

  @Test
  void aSessionKeepsOneRate() throws Exception {
    PatientFeed feed = new PatientFeed(patient("p", record("a", 100, 1, 100, 0, List.of()),
        record("b", 500, 1, 500, 0, List.of())), "r", 0, 1.0);
    feed.next();
    assertThatThrownBy(feed::next).hasMessage("p: recording b is at 500 Hz but the session runs at 100 Hz");
  }

  @Test
  void segmentLengthFollowsTheRate() throws Exception {
    PatientFeed feed = new PatientFeed(patient("p", record("a", 500, 1, 5000, 0, List.of())), "r", 0, 2.5);
    Segment s = feed.next();
    assertThat(s.samples()).isEqualTo(1250);
    assertThat(feed.next().firstSampleTimeMillis()).isEqualTo(2500);
  }
}
