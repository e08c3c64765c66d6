package io.ecgmon.replay;

import io.ecgmon.avro.EcgSegment;
import io.ecgmon.avro.PatientInfo;
import io.ecgmon.avro.Sex;
import io.ecgmon.segment.SegmentSamples;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Segments and patient info as Avro records (schemas/EcgSegment.avsc, PatientInfo.avsc) in Confluent's
 * wire format. The samples are the recording's int16 counts untouched, with its gain and baseline, so a
 * consumer gets back exactly what the WFDB file holds.
 */
public final class SegmentEncoder {

  private final Serializer<Object> serializer;

  /** {@code serializer}: a configured value serializer (normally io.ecgmon.serde.AvroSerializer). */
  public SegmentEncoder(Serializer<Object> serializer) {
    this.serializer = serializer;
  }

  public static EcgSegment toAvro(Segment s, long producedAtMillis) {
    List<Float> gains = new ArrayList<>(s.gainPerMv().length);
    for (float g : s.gainPerMv()) {
      gains.add(g);
    }
    List<Integer> baselines = new ArrayList<>(s.baseline().length);
    for (int b : s.baseline()) {
      baselines.add(b);
    }
    return EcgSegment.newBuilder()
        .setPatientId(s.patientId())
        .setRecordingId(s.recordingId())
        .setSampleRateHz(s.rateHz())
        .setLeads(s.leads())
        .setFirstSampleIndex(s.firstSampleIndex())
        .setFirstSampleTime(Instant.ofEpochMilli(s.firstSampleTimeMillis()))
        .setSamplesPerLead(s.samples())
        .setGainPerMv(gains)
        .setBaseline(baselines)
        .setSamples(SegmentSamples.encode(s.counts()))
        .setProducedAt(Instant.ofEpochMilli(producedAtMillis))
        .setGroundTruth(s.groundTruth().isEmpty() ? null : s.groundTruth())
        .build();
  }

  public static PatientInfo toAvro(String patientId, FeedRecord.Demographics d, long updatedAtMillis) {
    Sex sex = d.sex() == null ? null : switch (d.sex()) {
      case 0 -> Sex.MALE;
      case 1 -> Sex.FEMALE;
      default -> Sex.UNKNOWN;
    };
    return PatientInfo.newBuilder().setPatientId(patientId).setAgeYears(d.ageYears()).setSex(sex)
        .setHeightCm(d.heightCm()).setWeightKg(d.weightKg()).setUpdatedAt(Instant.ofEpochMilli(updatedAtMillis))
        .build();
  }

  /**
   * Registers (or looks up) both schemas for the topics now, so that the first real records do not
   * wait for the registry and the pacing starts on time.
   */
  public void warmUp(String segmentsTopic, String patientInfoTopic) {
    Segment probe = new Segment("warm-up", "warm-up", 100, List.of("I"), new float[] {1000f}, new int[] {0}, 0, 0,
        new short[][] {{0}}, List.of(), FeedRecord.Demographics.UNKNOWN);
    segment(segmentsTopic, probe, 0);
    patientInfo(patientInfoTopic, "warm-up", FeedRecord.Demographics.UNKNOWN, 0);
  }

  public byte[] segment(String topic, Segment s, long producedAtMillis) {
    return serializer.serialize(topic, toAvro(s, producedAtMillis));
  }

  public byte[] patientInfo(String topic, String patientId, FeedRecord.Demographics d, long updatedAtMillis) {
    return serializer.serialize(topic, toAvro(patientId, d, updatedAtMillis));
  }
}
