package io.ecgmon.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.avro.EcgSegment;
import io.ecgmon.registry.CompatibilityLevel;
import io.ecgmon.registry.MockSchemaRegistry;
import io.ecgmon.registry.SchemaRegistryClient;
import io.ecgmon.segment.SegmentSamples;
import io.ecgmon.serde.AvroDeserializer;
import io.ecgmon.serde.AvroSerializer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A plausible next EcgSegment (v2: an optional {@code deviceId}, test-only, see docs/security.md) and
 * this build (v1) interoperate through the serde and the registry, in both directions that
 * compatibility promises: a v1 consumer reads v2 records (FORWARD), a v2 consumer reads v1 records
 * (BACKWARD), and the registry accepts v2 after v1 at the BACKWARD, FORWARD and FULL levels.
 */
class SchemaEvolutionTest {

  static final String SCOPE = "schema-evolution-test";
  static final String TOPIC = "ecg-segments";
  static final String SUBJECT = TOPIC + "-value";
  static final Map<String, Object> WRITER = Map.of("schema.registry.url", "mock://" + SCOPE);
  static final Map<String, Object> V1_READER =
      Map.of("schema.registry.url", "mock://" + SCOPE, "specific.avro.reader", "true");

  static final Schema V1 = EcgSegment.getClassSchema();
  static final Schema V2 = load("/evolution/EcgSegment-v2.avsc");

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.dropScope(SCOPE);
  }

  static Schema load(String resource) {
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(resource)) {
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static EcgSegment v1Segment() {
    short[][] counts = new short[2][5];
    for (int lead = 0; lead < 2; lead++) {
      for (int i = 0; i < 5; i++) {
        counts[lead][i] = (short) (lead * 100 + i * 7 - 3);
      }
    }
    counts[1][4] = Short.MIN_VALUE; // a lead-off sample
    return EcgSegment.newBuilder().setPatientId("evo-1").setRecordingId("rec-9").setSampleRateHz(500f)
        .setLeads(List.of("I", "II")).setFirstSampleIndex(5000).setFirstSampleTime(Instant.ofEpochMilli(1_700_000_000_000L))
        .setSamplesPerLead(5).setGainPerMv(List.of(200f, 200f)).setBaseline(List.of(0, 0))
        .setSamples(SegmentSamples.encode(counts)).setProducedAt(Instant.ofEpochMilli(1_700_000_000_150L))
        .setGroundTruth(List.of("NORM")).build();
  }

  /** The v2 record a newer simulator would send: the same segment plus the device. */
  static GenericRecord v2Record(EcgSegment s, String deviceId) {
    GenericData.Record r = new GenericData.Record(V2);
    r.put("patientId", s.getPatientId());
    r.put("recordingId", s.getRecordingId());
    r.put("sampleRateHz", s.getSampleRateHz());
    r.put("leads", s.getLeads());
    r.put("firstSampleIndex", s.getFirstSampleIndex());
    r.put("firstSampleTime", s.getFirstSampleTime().toEpochMilli());
    r.put("samplesPerLead", s.getSamplesPerLead());
    r.put("gainPerMv", s.getGainPerMv());
    r.put("baseline", s.getBaseline());
    r.put("samples", s.getSamples().duplicate());
    r.put("producedAt", s.getProducedAt().toEpochMilli());
    r.put("groundTruth", s.getGroundTruth());
    r.put("deviceId", deviceId);
    return r;
  }

  @Test
  void v2IsThisBuildsSchemaPlusOneOptionalField() {
    assertThat(V2.getFullName()).isEqualTo(V1.getFullName());
    assertThat(V2.getFields()).hasSize(V1.getFields().size() + 1);
    for (Schema.Field f : V1.getFields()) {
      // parsing canonical form: same types, ignoring docs and the generated class's java string hints
      assertThat(V2.getField(f.name())).as("v2 keeps field %s", f.name()).isNotNull();
      assertThat(SchemaNormalization.toParsingForm(V2.getField(f.name()).schema()))
          .as("type of %s", f.name()).isEqualTo(SchemaNormalization.toParsingForm(f.schema()));
      assertThat(V2.getField(f.name()).pos()).isEqualTo(f.pos());
    }
    Schema.Field device = V2.getField("deviceId");
    assertThat(device.schema().getTypes()).extracting(Schema::getType)
        .containsExactly(Schema.Type.NULL, Schema.Type.STRING);
    assertThat(device.defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
  }

  @ParameterizedTest
  @EnumSource(value = CompatibilityLevel.class, names = {"BACKWARD", "FORWARD", "FULL", "FULL_TRANSITIVE"})
  void theRegistryAcceptsV2AfterV1(CompatibilityLevel level) {
    SchemaRegistryClient registry = MockSchemaRegistry.forScope(SCOPE);
    registry.register(SUBJECT, V1);
    registry.setCompatibility(SUBJECT, level);
    assertThat(registry.isCompatible(SUBJECT, V2)).isTrue();
    registry.register(SUBJECT, V2);
    assertThat(registry.versions(SUBJECT)).containsExactly(1, 2);
  }

  @Test
  void theRegistryRefusesARequiredNewFieldUnderBackward() {
    List<Schema.Field> fields = new java.util.ArrayList<>();
    for (Schema.Field f : V1.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    fields.add(new Schema.Field("deviceId", Schema.create(Schema.Type.STRING), "required: v1 data has none"));
    Schema required = Schema.createRecord(V1.getName(), V1.getDoc(), V1.getNamespace(), false, fields);
    assertThat(required.getField("deviceId").hasDefaultValue()).isFalse();
    SchemaRegistryClient registry = MockSchemaRegistry.forScope(SCOPE);
    registry.register(SUBJECT, V1);
    assertThat(registry.getCompatibility(SUBJECT)).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(registry.isCompatible(SUBJECT, required)).as("v2 could not read v1 data").isFalse();
  }

  /** FORWARD: this build's consumer (generated v1 class) reads what a v2 producer wrote. */
  @Test
  void aV1ConsumerReadsRecordsOfAV2Producer() {
    EcgSegment segment = v1Segment();
    MockSchemaRegistry.forScope(SCOPE).register(SUBJECT, V1); // the topic already carries v1
    byte[] wire = new AvroSerializer<GenericRecord>(MockSchemaRegistry.forScope(SCOPE), WRITER, false)
        .serialize(TOPIC, v2Record(segment, "holter-7"));
    assertThat(MockSchemaRegistry.forScope(SCOPE).versions(SUBJECT)).containsExactly(1, 2);

    EcgSegment read = new AvroDeserializer<EcgSegment>(MockSchemaRegistry.forScope(SCOPE), V1_READER)
        .deserialize(TOPIC, wire);
    assertThat(read).isEqualTo(segment);
  }

  /** BACKWARD: a v2 consumer (reader schema v2, as its generated class would be) reads v1 records. */
  @Test
  void aV2ConsumerReadsRecordsOfAV1Producer() throws IOException {
    EcgSegment segment = v1Segment();
    SchemaRegistryClient registry = MockSchemaRegistry.forScope(SCOPE);
    byte[] wire = new AvroSerializer<EcgSegment>(registry, WRITER, false).serialize(TOPIC, segment);

    int writerId = ByteBuffer.wrap(wire, 1, 4).getInt();
    Schema writer = registry.getById(writerId);
    GenericRecord read = new GenericDatumReader<GenericRecord>(writer, V2).read(null,
        DecoderFactory.get().binaryDecoder(wire, 5, wire.length - 5, null));

    assertThat(read.get("deviceId")).isNull();
    assertThat(read.get("patientId").toString()).isEqualTo(segment.getPatientId());
    assertThat(read.get("recordingId").toString()).isEqualTo(segment.getRecordingId());
    assertThat(read.get("sampleRateHz")).isEqualTo(segment.getSampleRateHz());
    assertThat(read.get("leads").toString()).isEqualTo(segment.getLeads().toString());
    assertThat(read.get("firstSampleIndex")).isEqualTo(segment.getFirstSampleIndex());
    assertThat(read.get("firstSampleTime")).isEqualTo(segment.getFirstSampleTime().toEpochMilli());
    assertThat(read.get("samplesPerLead")).isEqualTo(segment.getSamplesPerLead());
    assertThat(read.get("gainPerMv")).isEqualTo(segment.getGainPerMv());
    assertThat(read.get("baseline")).isEqualTo(segment.getBaseline());
    assertThat(read.get("samples")).isEqualTo(segment.getSamples());
    assertThat(read.get("producedAt")).isEqualTo(segment.getProducedAt().toEpochMilli());
    assertThat(read.get("groundTruth").toString()).isEqualTo(segment.getGroundTruth().toString());
  }

  /** A generic consumer of this build sees the v2 field: nothing is silently dropped on the wire. */
  @Test
  void aGenericConsumerSeesTheNewField() {
    MockSchemaRegistry.forScope(SCOPE).register(SUBJECT, V1);
    byte[] wire = new AvroSerializer<GenericRecord>(MockSchemaRegistry.forScope(SCOPE), WRITER, false)
        .serialize(TOPIC, v2Record(v1Segment(), "patch-3"));
    GenericRecord read = new AvroDeserializer<GenericRecord>(MockSchemaRegistry.forScope(SCOPE), WRITER)
        .deserialize(TOPIC, wire);
    assertThat(read.get("deviceId").toString()).isEqualTo("patch-3");
  }
}
