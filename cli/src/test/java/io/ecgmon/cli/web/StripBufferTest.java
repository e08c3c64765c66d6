package io.ecgmon.cli.web;

import static io.ecgmon.cli.web.Segments.ramp;
import static io.ecgmon.cli.web.Segments.segment;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StripBufferTest {

  @Test
  void eachPointIsTheMeanOfItsBucketInMillivolts() {
    StripBuffer strip = new StripBuffer(50, 10_000);
    strip.add(segment("p", "r", 500, 0, ramp(500)));
    List<StripBuffer.Point> points = strip.points();
    // 500 samples at 500 Hz -> 50 buckets of 10; the last is still open
    assertThat(points).hasSize(49);
    assertThat(points.get(0).millivolts()[1]).isEqualTo(4.5f / 200);
    assertThat(points.get(3).millivolts()[0]).isEqualTo(34.5f / 200);
    assertThat(points.get(3).timeMs() - points.get(0).timeMs()).isEqualTo(60);
    assertThat(strip.leads()).hasSize(12);
  }

  @Test
  void bucketsContinueAcrossSegments() {
    StripBuffer strip = new StripBuffer(50, 10_000);
    strip.add(segment("p", "r", 500, 0, ramp(15)));
    short[] next = new short[5];
    for (int i = 0; i < 5; i++) {
      next[i] = (short) (15 + i);
    }
    strip.add(segment("p", "r", 500, 15, next));
    strip.add(segment("p", "r", 500, 20, new short[] {100}));
    assertThat(strip.points()).extracting(p -> p.millivolts()[0]).containsExactly(4.5f / 200, 14.5f / 200);
  }

  @Test
  void invalidSamplesAreLeftOutAndGapsBreakTheLine() {
    StripBuffer strip = new StripBuffer(50, 10_000);
    short[] c = ramp(30);
    c[0] = StripBuffer.INVALID;
    for (int i = 10; i < 20; i++) {
      c[i] = StripBuffer.INVALID;
    }
    strip.add(segment("p", "r", 500, 0, c));
    strip.add(segment("p", "r", 500, 1000, ramp(10))); // samples 30..999 never came
    List<StripBuffer.Point> points = strip.points();
    assertThat(points.get(0).millivolts()[0]).isEqualTo(5f / 200); // mean of 1..9
    assertThat(points.get(1).millivolts()[0]).isNaN();
    assertThat(points.get(2).millivolts()[0]).isEqualTo(24.5f / 200);
    assertThat(points.get(3).millivolts()[0]).as("gap marker").isNaN();
  }

  @Test
  void keepsOnlyTheLastSpanAndRestartsOnANewRecording() {
    StripBuffer strip = new StripBuffer(50, 10_000);
    for (int s = 0; s < 30; s++) {
      strip.add(segment("p", "r", 500, s * 500L, ramp(500)));
    }
    List<StripBuffer.Point> points = strip.points();
    assertThat(points.get(points.size() - 1).timeMs() - points.get(0).timeMs()).isLessThanOrEqualTo(10_000);
    assertThat(points).hasSizeBetween(500, 501);

    strip.add(segment("p", "r2", 100, 0, ramp(100)));
    assertThat(strip.points()).hasSize(49); // 100 Hz -> 50 Hz: pairs
    assertThat(strip.points().get(0).millivolts()[0]).isEqualTo(0.5f / 200);
  }

  @Test
  void malformedSegmentsAreSkipped() {
    StripBuffer strip = new StripBuffer(50, 10_000);
    var bad = segment("p", "r", 500, 0, ramp(20));
    bad.setSamplesPerLead(21);
    strip.add(bad);
    assertThat(strip.points()).isEmpty();
  }
}
