package io.ecgmon.window;

import static io.ecgmon.deadletter.Reason.BAD_GAIN;
import static io.ecgmon.deadletter.Reason.BAD_INDEX;
import static io.ecgmon.deadletter.Reason.BAD_MAGIC_BYTE;
import static io.ecgmon.deadletter.Reason.BAD_SAMPLE_RATE;
import static io.ecgmon.deadletter.Reason.INVALID_SAMPLE;
import static io.ecgmon.deadletter.Reason.KEY_MISMATCH;
import static io.ecgmon.deadletter.Reason.MALFORMED;
import static io.ecgmon.deadletter.Reason.MISSING_KEY;
import static io.ecgmon.deadletter.Reason.NULL_VALUE;
import static io.ecgmon.deadletter.Reason.OVERSIZE;
import static io.ecgmon.deadletter.Reason.SAMPLES_SIZE_MISMATCH;
import static io.ecgmon.deadletter.Reason.TRUNCATED;
import static io.ecgmon.deadletter.Reason.UNKNOWN_LEAD;
import static io.ecgmon.deadletter.Reason.UNKNOWN_SCHEMA;
import static io.ecgmon.deadletter.Reason.WRONG_LEAD_COUNT;
import static io.ecgmon.deadletter.Reason.WRONG_RECORD_TYPE;

import io.ecgmon.avro.EcgSegment;
import io.ecgmon.deadletter.Reason;
import io.ecgmon.deadletter.RegistryUnavailableException;
import io.ecgmon.deadletter.RejectedRecord;
import io.ecgmon.registry.RegistryException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns the raw bytes of a segments-topic record into a {@link Segment} or a {@link RejectedRecord}
 * with a stable reason. Everything the windowing and the model rely on is checked here, once.
 */
public final class SegmentValidator {

  /** Limits on what counts as a plausible segment. */
  public record Limits(int modelRateHz, int maxSampleRateHz, int maxSegmentSeconds, int maxValueBytes) {}

  /** WFDB's "invalid sample" for format 16, the project's marker for lead-off and NaN. */
  public static final short INVALID_COUNT = Short.MIN_VALUE;

  private final Deserializer<Object> avro;
  private final List<String> leads;
  private final Limits limits;

  public SegmentValidator(Deserializer<Object> avro, List<String> specLeads, Limits limits) {
    this.avro = avro;
    this.leads = specLeads;
    this.limits = limits;
  }

  public Segment validate(String topic, byte[] key, byte[] value) {
    if (key == null || key.length == 0) {
      throw new RejectedRecord(MISSING_KEY, "segment has no key (the patient id)");
    }
    if (value == null) {
      throw new RejectedRecord(NULL_VALUE, "segment value is null");
    }
    if (value.length > limits.maxValueBytes()) {
      throw new RejectedRecord(OVERSIZE, "segment of " + value.length + " bytes, limit " + limits.maxValueBytes());
    }
    EcgSegment s = decode(topic, value);
    String patient = new String(key, StandardCharsets.UTF_8);
    if (!patient.equals(s.getPatientId())) {
      throw new RejectedRecord(KEY_MISMATCH, "key is not the segment's patientId");
    }
    if (s.getRecordingId() == null || s.getRecordingId().isEmpty()) {
      throw new RejectedRecord(MALFORMED, "segment has an empty recordingId");
    }
    int rate = sampleRate(s.getSampleRateHz());
    int n = s.getSamplesPerLead();
    if (n <= 0) {
      throw new RejectedRecord(SAMPLES_SIZE_MISMATCH, "samplesPerLead is " + n);
    }
    if ((long) n > (long) limits.maxSegmentSeconds() * rate) {
      throw new RejectedRecord(OVERSIZE, n + " samples per lead at " + rate + " Hz is longer than "
          + limits.maxSegmentSeconds() + " s");
    }
    if (s.getFirstSampleIndex() < 0 || s.getFirstSampleIndex() > Long.MAX_VALUE / 4) {
      throw new RejectedRecord(BAD_INDEX, "firstSampleIndex is " + s.getFirstSampleIndex());
    }
    int[] order = leadOrder(s.getLeads());
    int count = s.getLeads().size();
    if (s.getGainPerMv().size() != count || s.getBaseline().size() != count) {
      throw new RejectedRecord(SAMPLES_SIZE_MISMATCH, "gainPerMv/baseline have " + s.getGainPerMv().size() + "/"
          + s.getBaseline().size() + " entries for " + count + " leads");
    }
    ByteBuffer bytes = s.getSamples().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.remaining() != count * n * 2) {
      throw new RejectedRecord(SAMPLES_SIZE_MISMATCH, "samples hold " + bytes.remaining() + " bytes, expected "
          + count + " leads x " + n + " samples x 2");
    }
    float[] gains = new float[count];
    int[] baselines = new int[count];
    short[][] counts = new short[count][n];
    for (int i = 0; i < count; i++) {
      int lead = order[i];
      float gain = s.getGainPerMv().get(i);
      if (!(gain > 0) || Float.isInfinite(gain)) {
        throw new RejectedRecord(BAD_GAIN, "gain of lead " + leads.get(lead) + " is " + gain);
      }
      gains[lead] = gain;
      baselines[lead] = s.getBaseline().get(i);
      short[] dst = counts[lead];
      for (int j = 0; j < n; j++) {
        short v = bytes.getShort();
        if (v == INVALID_COUNT) {
          throw new RejectedRecord(INVALID_SAMPLE, "lead " + leads.get(lead) + " holds invalid samples (-32768: "
              + "lead off or NaN) from sample " + j);
        }
        dst[j] = v;
      }
    }
    return new Segment(patient, s.getRecordingId(), rate, s.getFirstSampleIndex(),
        s.getFirstSampleTime().toEpochMilli(), s.getProducedAt().toEpochMilli(), gains, baselines, counts,
        s.getGroundTruth() == null ? null : List.copyOf(s.getGroundTruth()));
  }

  private EcgSegment decode(String topic, byte[] value) {
    if (value.length < 5) {
      throw new RejectedRecord(TRUNCATED, value.length + " bytes: shorter than the wire-format header");
    }
    if (value[0] != 0) {
      throw new RejectedRecord(BAD_MAGIC_BYTE, String.format("magic byte 0x%02x, not the Confluent wire format",
          value[0]));
    }
    Object decoded;
    try {
      // a registry that cannot answer is waited for, never the record's fault
      decoded = RegistryUnavailableException.retrying("segment", () -> avro.deserialize(topic, value));
    } catch (RegistryUnavailableException e) {
      throw e;
    } catch (SerializationException e) {
      Reason reason = e.getCause() instanceof RegistryException ? UNKNOWN_SCHEMA
          : String.valueOf(e.getMessage()).contains("truncated") ? TRUNCATED
          : String.valueOf(e.getMessage()).contains("incompatible")
              || String.valueOf(e.getMessage()).contains("no generated class") ? UNKNOWN_SCHEMA
          : MALFORMED;
      throw new RejectedRecord(reason, e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new RejectedRecord(MALFORMED, "cannot decode: " + e.getMessage(), e);
    }
    if (!(decoded instanceof EcgSegment segment)) {
      throw new RejectedRecord(WRONG_RECORD_TYPE, "record is a "
          + (decoded == null ? "null" : decoded.getClass().getSimpleName()) + ", not an EcgSegment");
    }
    return segment;
  }

  private int sampleRate(float hz) {
    double factor = hz / limits.modelRateHz();
    if (!Float.isFinite(hz) || hz <= 0 || hz > limits.maxSampleRateHz() || factor < 1
        || Math.abs(factor - Math.rint(factor)) > 1e-6) {
      throw new RejectedRecord(BAD_SAMPLE_RATE, "sample rate " + hz + " Hz: needs an integer multiple of "
          + limits.modelRateHz() + " Hz up to " + limits.maxSampleRateHz() + " Hz");
    }
    return (int) Math.rint(hz);
  }

  /** order[i] = position in the spec of the segment's i-th lead. */
  private int[] leadOrder(List<String> names) {
    if (names.size() != leads.size()) {
      throw new RejectedRecord(WRONG_LEAD_COUNT, names.size() + " leads, the model takes " + leads.size());
    }
    Map<String, Integer> seen = new HashMap<>();
    int[] order = new int[names.size()];
    for (int i = 0; i < names.size(); i++) {
      int at = indexOfIgnoreCase(names.get(i));
      if (at < 0 || seen.put(leads.get(at), i) != null) {
        throw new RejectedRecord(UNKNOWN_LEAD, "leads " + names + " are not the model's " + leads);
      }
      order[i] = at;
    }
    return order;
  }

  private int indexOfIgnoreCase(String name) {
    for (int i = 0; i < leads.size(); i++) {
      if (leads.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }
}
