package io.ecgmon.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.avro.DeadLetter;
import io.ecgmon.avro.EcgSegment;
import io.ecgmon.avro.PatientInfo;
import io.ecgmon.testkit.FakeClassifier;
import io.ecgmon.testkit.MonitorDriver;
import io.ecgmon.testkit.SyntheticEcg;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad segment becomes one dead letter with a stable reason, the original bytes and
 * where they came from; the app keeps going and classifies the good records after it.
 */
class InvalidSegmentsTest {

  static final long EPOCH = 1_700_000_000_000L;
  static final SyntheticEcg ECG = new SyntheticEcg(5);

  static EcgSegment good() {
    return ECG.segment("p1", "r1", 100, 0, 100, EPOCH, EPOCH);
  }

  record Bad(String key, Function<MonitorDriver, byte[]> value) {}

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("MISSING_KEY", new Bad(null, d -> d.avro("ecg-segments", good()))),
        Arguments.of("NULL_VALUE", new Bad("p1", d -> null)),
        Arguments.of("BAD_MAGIC_BYTE", new Bad("p1", d -> new byte[] {1, 0, 0, 0, 1, 2, 3})),
        Arguments.of("TRUNCATED", new Bad("p1", d -> new byte[] {0, 0, 0})),
        Arguments.of("TRUNCATED", new Bad("p1", d -> {
          byte[] whole = d.avro("ecg-segments", good());
          return Arrays.copyOf(whole, whole.length - 50);
        })),
        Arguments.of("UNKNOWN_SCHEMA", new Bad("p1", d -> new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 4})),
        Arguments.of("WRONG_RECORD_TYPE", new Bad("p1",
            d -> d.avro("elsewhere", PatientInfo.newBuilder().setPatientId("p1").build()))),
        Arguments.of("KEY_MISMATCH", new Bad("p2", d -> d.avro("ecg-segments", good()))),
        Arguments.of("WRONG_LEAD_COUNT", new Bad("p1", d -> d.avro("ecg-segments",
            SyntheticEcg.segment("p1", "r1", 100, 0, Arrays.copyOf(ECG.counts(0, 100, 100), 11), EPOCH, EPOCH)))),
        Arguments.of("UNKNOWN_LEAD", new Bad("p1", d -> {
          EcgSegment s = good();
          List<String> leads = new ArrayList<>(s.getLeads());
          leads.set(11, "V7");
          s.setLeads(leads);
          return d.avro("ecg-segments", s);
        })),
        Arguments.of("SAMPLES_SIZE_MISMATCH", new Bad("p1", d -> {
          EcgSegment s = good();
          s.setSamplesPerLead(101);
          return d.avro("ecg-segments", s);
        })),
        Arguments.of("BAD_SAMPLE_RATE", new Bad("p1", d -> {
          EcgSegment s = good();
          s.setSampleRateHz(250f);
          return d.avro("ecg-segments", s);
        })),
        Arguments.of("BAD_SAMPLE_RATE", new Bad("p1", d -> {
          EcgSegment s = good();
          s.setSampleRateHz(1e6f);
          return d.avro("ecg-segments", s);
        })),
        Arguments.of("BAD_SAMPLE_RATE", new Bad("p1", d -> {
          EcgSegment s = good();
          s.setSampleRateHz(Float.NaN);
          return d.avro("ecg-segments", s);
        })),
        Arguments.of("BAD_GAIN", new Bad("p1", d -> {
          EcgSegment s = good();
          List<Float> gains = new ArrayList<>(s.getGainPerMv());
          gains.set(4, Float.NaN);
          s.setGainPerMv(gains);
          return d.avro("ecg-segments", s);
        })),
        Arguments.of("INVALID_SAMPLE", new Bad("p1", d -> {
          short[][] counts = ECG.counts(0, 100, 100);
          counts[7][42] = Short.MIN_VALUE;
          return d.avro("ecg-segments", SyntheticEcg.segment("p1", "r1", 100, 0, counts, EPOCH, EPOCH));
        })),
        Arguments.of("OVERSIZE", new Bad("p1",
            d -> d.avro("ecg-segments", ECG.segment("p1", "r1", 100, 0, 6100, EPOCH, EPOCH)))),
        Arguments.of("BAD_INDEX", new Bad("p1",
            d -> d.avro("ecg-segments", ECG.segment("p1", "r1", 100, -100, 100, EPOCH, EPOCH)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aBadSegmentIsADeadLetterAndTheAppKeepsGoing(String reason, Bad bad) {
    try (MonitorDriver d = new MonitorDriver(new FakeClassifier(), Map.of())) {
      byte[] value = bad.value().apply(d);
      d.sendRaw(bad.key(), value);
      List<DeadLetter> dead = d.deadLetters();
      assertThat(dead).singleElement().satisfies(dl -> {
        assertThat(dl.getReason()).isEqualTo(reason);
        assertThat(dl.getSourceTopic()).isEqualTo("ecg-segments");
        assertThat(dl.getSourcePartition()).isZero();
        assertThat(dl.getSourceOffset()).isZero();
        assertThat(dl.getApplication()).isEqualTo("ttd-monitor");
        assertThat(dl.getErrorMessage()).isNotBlank();
        assertThat(bytes(dl.getValue())).isEqualTo(value);
        assertThat(bytes(dl.getKey())).isEqualTo(bad.key() == null ? null : bad.key().getBytes());
      });
      assertThat(d.counter("ecgmon.dead.letters", "reason", reason)).isEqualTo(1);
      assertThat(d.counter("ecgmon.segments", "outcome", "invalid")).isEqualTo(1);
      for (int s = 0; s < 10; s++) {
        d.send(ECG.segment("p1", "r1", 100, s * 100L, 100, EPOCH, EPOCH));
      }
      assertThat(d.classifications()).hasSize(1);
    }
  }

  @Test
  void aSampleRateChangeWithinARecordingIsRefused() {
    try (MonitorDriver d = new MonitorDriver(new FakeClassifier(), Map.of())) {
      d.send(good());
      d.send(ECG.segment("p1", "r1", 500, 500, 500, EPOCH, EPOCH));
      assertThat(d.deadLetters()).extracting(DeadLetter::getReason).containsExactly("SAMPLE_RATE_CHANGED");
    }
  }

  @Test
  void leadsInAnotherOrderAreReorderedToTheModelsOrder() {
    FakeClassifier inOrder = new FakeClassifier();
    FakeClassifier permuted = new FakeClassifier();
    try (MonitorDriver d = new MonitorDriver(inOrder, Map.of())) {
      for (int s = 0; s < 10; s++) {
        d.send(ECG.segment("p1", "r1", 100, s * 100L, 100, EPOCH, EPOCH));
      }
    }
    try (MonitorDriver d = new MonitorDriver(permuted, Map.of())) {
      for (int s = 0; s < 10; s++) {
        short[][] counts = ECG.counts(s * 100L, 100, 100);
        short[][] reversed = new short[12][];
        List<String> leads = new ArrayList<>();
        for (int l = 0; l < 12; l++) {
          reversed[l] = counts[11 - l];
          leads.add(SyntheticEcg.LEADS.get(11 - l));
        }
        EcgSegment seg = SyntheticEcg.segment("p1", "r1", 100, s * 100L, reversed, EPOCH, EPOCH);
        seg.setLeads(leads);
        d.send(seg);
      }
      assertThat(d.deadLetters()).isEmpty();
    }
    assertThat(permuted.inputs.get(0).signal().ecg()).isDeepEqualTo(inOrder.inputs.get(0).signal().ecg());
  }

  static byte[] bytes(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
