package io.ecgmon.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecgmon.avro.EcgSegment;
import io.ecgmon.registry.MockSchemaRegistry;
import io.ecgmon.serde.AvroSerializer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentSamplesTest {

  static final List<String> LEADS = List.of("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6");

  static EcgSegment segment(int rate, int samples) {
    short[][] counts = new short[12][samples];
    for (int l = 0; l < 12; l++) {
      for (int i = 0; i < samples; i++) {
        counts[l][i] = (short) (1000 * Math.sin(2 * Math.PI * 1.2 * i / rate + l));
      }
    }
    return EcgSegment.newBuilder()
        .setPatientId("patient-00042").setRecordingId("rec-1").setSampleRateHz(rate).setLeads(LEADS)
        .setFirstSampleIndex(0).setFirstSampleTime(java.time.Instant.ofEpochMilli(1_700_000_000_000L))
        .setSamplesPerLead(samples)
        .setGainPerMv(new ArrayList<>(Collections.nCopies(12, 1000f)))
        .setBaseline(new ArrayList<>(Collections.nCopies(12, 0)))
        .setSamples(SegmentSamples.encode(counts))
        .setProducedAt(java.time.Instant.ofEpochMilli(1_700_000_000_100L))
        .build();
  }

  @Test
  void samplesRoundTripToMillivolts() {
    EcgSegment s = segment(500, 500);
    double[][] mv = SegmentSamples.toMillivolts(s);
    assertThat(mv).hasNumberOfRows(12);
    assertThat(mv[3][100]).isEqualTo((short) (1000 * Math.sin(2 * Math.PI * 1.2 * 100 / 500 + 3)) / 1000.0);
  }

  @Test
  void oneSecondTwelveLead500HzSegmentStaysSmall() {
    AvroSerializer<EcgSegment> serializer =
        new AvroSerializer<>(MockSchemaRegistry.forScope("size"), Map.of("schema.registry.url", "mock://size"), false);
    byte[] wire = serializer.serialize("ecg-segments", segment(500, 500));
    // 12 x 500 x 2 bytes of samples + header, names and small fields
    assertThat(wire.length).isBetween(12_000, 12_400);
    System.out.println("1 s, 12-lead, 500 Hz EcgSegment: " + wire.length + " bytes on the wire");
  }

  @Test
  void inconsistentSizesAreRejected() {
    EcgSegment s = segment(100, 100);
    s.setSamples(ByteBuffer.wrap(new byte[10]));
    assertThatThrownBy(() -> SegmentSamples.toMillivolts(s)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 12 leads x 100 samples");
  }

  @Test
  void zeroGainIsRejected() {
    EcgSegment s = segment(100, 100);
    s.getGainPerMv().set(2, 0f);
    assertThatThrownBy(() -> SegmentSamples.toMillivolts(s)).hasMessageContaining("gain of lead III");
  }
}
