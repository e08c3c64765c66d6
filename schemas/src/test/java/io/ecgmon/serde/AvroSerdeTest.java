package io.ecgmon.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecgmon.avro.Alert;
import io.ecgmon.avro.AlertKind;
import io.ecgmon.avro.PatientInfo;
import io.ecgmon.avro.Sex;
import io.ecgmon.registry.MockSchemaRegistry;
import io.ecgmon.registry.SchemaRegistryClient;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  static final String SCOPE = "serde-test";
  static final Map<String, Object> CONFIG = Map.of("schema.registry.url", "mock://" + SCOPE);
  static final Map<String, Object> SPECIFIC =
      Map.of("schema.registry.url", "mock://" + SCOPE, "specific.avro.reader", "true");

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.dropScope(SCOPE);
  }

  static Alert alert() {
    return Alert.newBuilder().setPatientId("p-1").setKind(AlertKind.ONSET).setClasses(List.of("MI"))
        .setConfidence(0.91f).setWindowStartIndex(0).setWindowEndIndex(1000)
        .setWindowStartTime(Instant.ofEpochMilli(1000)).setWindowEndTime(Instant.ofEpochMilli(11000))
        .setModelVersion("1.0.0").setRaisedAt(Instant.ofEpochMilli(11500)).build();
  }

  static <T> AvroSerializer<T> serializer(Map<String, Object> config, boolean isKey) {
    AvroSerializer<T> s = new AvroSerializer<>();
    s.configure(config, isKey);
    return s;
  }

  static <T> AvroDeserializer<T> deserializer(Map<String, Object> config) {
    AvroDeserializer<T> d = new AvroDeserializer<>();
    d.configure(config, false);
    return d;
  }

  @Test
  void specificRecordRoundTripsInConfluentWireFormat() {
    byte[] wire = AvroSerdeTest.<Alert>serializer(CONFIG, false).serialize("alerts", alert());
    SchemaRegistryClient registry = MockSchemaRegistry.forScope(SCOPE);
    int id = registry.getLatest("alerts-value").id();
    assertThat(wire[0]).isZero();
    assertThat(ByteBuffer.wrap(wire, 1, 4).getInt()).isEqualTo(id);
    Alert back = AvroSerdeTest.<Alert>deserializer(SPECIFIC).deserialize("alerts", wire);
    assertThat(back).isEqualTo(alert());
  }

  @Test
  void genericReaderGetsGenericRecords() {
    byte[] wire = AvroSerdeTest.<Alert>serializer(CONFIG, false).serialize("alerts", alert());
    GenericRecord back = AvroSerdeTest.<GenericRecord>deserializer(CONFIG).deserialize("alerts", wire);
    assertThat(back.get("patientId").toString()).isEqualTo("p-1");
    assertThat(back.get("kind").toString()).isEqualTo("ONSET");
  }

  @Test
  void genericRecordsSerializeToo() {
    Schema schema = PatientInfo.getClassSchema();
    GenericRecord r = new GenericData.Record(schema);
    r.put("patientId", "p-2");
    r.put("ageYears", 61f);
    r.put("sex", new GenericData.EnumSymbol(schema.getField("sex").schema().getTypes().get(1), "FEMALE"));
    byte[] wire = AvroSerdeTest.<GenericRecord>serializer(CONFIG, false).serialize("patients", r);
    PatientInfo back = AvroSerdeTest.<PatientInfo>deserializer(SPECIFIC).deserialize("patients", wire);
    assertThat(back.getSex()).isEqualTo(Sex.FEMALE);
    assertThat(back.getHeightCm()).isNull();
  }

  @Test
  void subjectsFollowTopicNameStrategy() {
    AvroSerdeTest.<Alert>serializer(CONFIG, false).serialize("alerts", alert());
    AvroSerdeTest.<Alert>serializer(CONFIG, true).serialize("alerts", alert());
    assertThat(MockSchemaRegistry.forScope(SCOPE).subjects()).containsExactly("alerts-key", "alerts-value");
  }

  @Test
  void theRegistryIsAskedOncePerSchema() {
    int[] calls = {0};
    SchemaRegistryClient counting = (SchemaRegistryClient) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {SchemaRegistryClient.class}, (proxy, method, args) -> {
          calls[0]++;
          return method.invoke(MockSchemaRegistry.forScope(SCOPE), args);
        });
    AvroSerializer<Alert> s = new AvroSerializer<>(counting, CONFIG, false);
    for (int i = 0; i < 5; i++) {
      s.serialize("alerts", alert());
    }
    assertThat(calls[0]).isEqualTo(1);
  }

  @Test
  void withoutAutoRegisterAnUnregisteredSchemaFails() {
    Map<String, Object> config = Map.of("schema.registry.url", "mock://" + SCOPE, "auto.register.schemas", false);
    assertThatThrownBy(() -> AvroSerdeTest.<Alert>serializer(config, false).serialize("alerts", alert()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic alerts").hasMessageContaining("alerts-value").hasMessageContaining("40401");
  }

  @Test
  void useLatestVersionWritesWithTheRegisteredSchema() {
    int id = MockSchemaRegistry.forScope(SCOPE).register("alerts-value", Alert.getClassSchema());
    Map<String, Object> config = Map.of("schema.registry.url", "mock://" + SCOPE,
        "auto.register.schemas", false, "use.latest.version", true);
    byte[] wire = AvroSerdeTest.<Alert>serializer(config, false).serialize("alerts", alert());
    assertThat(ByteBuffer.wrap(wire, 1, 4).getInt()).isEqualTo(id);
  }

  @Test
  void unknownMagicByteIsAClearError() {
    byte[] wire = AvroSerdeTest.<Alert>serializer(CONFIG, false).serialize("alerts", alert());
    wire[0] = 7;
    assertThatThrownBy(() -> AvroSerdeTest.<Alert>deserializer(SPECIFIC).deserialize("alerts", wire))
        .isInstanceOf(SerializationException.class).hasMessageContaining("topic alerts")
        .hasMessageContaining("unknown magic byte 0x07");
  }

  @Test
  void unknownSchemaIdIsAClearError() {
    byte[] wire = AvroSerdeTest.<Alert>serializer(CONFIG, false).serialize("alerts", alert());
    ByteBuffer.wrap(wire).putInt(1, 999);
    assertThatThrownBy(() -> AvroSerdeTest.<Alert>deserializer(SPECIFIC).deserialize("alerts", wire))
        .isInstanceOf(SerializationException.class).hasMessageContaining("unknown schema id 999");
  }

  @Test
  void truncatedPayloadsAreClearErrors() {
    byte[] wire = AvroSerdeTest.<Alert>serializer(CONFIG, false).serialize("alerts", alert());
    assertThatThrownBy(() -> AvroSerdeTest.<Alert>deserializer(SPECIFIC).deserialize("alerts", new byte[] {0, 0}))
        .isInstanceOf(SerializationException.class).hasMessageContaining("truncated payload: 2 bytes");
    byte[] cut = Arrays.copyOf(wire, wire.length - 10);
    assertThatThrownBy(() -> AvroSerdeTest.<Alert>deserializer(SPECIFIC).deserialize("alerts", cut))
        .isInstanceOf(SerializationException.class).hasMessageContaining("topic alerts")
        .hasMessageContaining("truncated payload");
  }

  @Test
  void trailingBytesAreAnError() {
    byte[] wire = AvroSerdeTest.<Alert>serializer(CONFIG, false).serialize("alerts", alert());
    byte[] longer = Arrays.copyOf(wire, wire.length + 3);
    assertThatThrownBy(() -> AvroSerdeTest.<Alert>deserializer(SPECIFIC).deserialize("alerts", longer))
        .isInstanceOf(SerializationException.class).hasMessageContaining("3 trailing bytes");
  }

  @Test
  void aWriterSchemaTheReaderCannotResolveIsAClearError() {
    // same full name as PatientInfo but without the required patientId: the generated class cannot read it
    Schema foreign = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"PatientInfo\","
        + "\"namespace\":\"io.ecgmon.avro\",\"fields\":[{\"name\":\"other\",\"type\":\"int\"}]}");
    GenericRecord r = new GenericData.Record(foreign);
    r.put("other", 3);
    byte[] wire = AvroSerdeTest.<GenericRecord>serializer(CONFIG, false).serialize("patients", r);
    assertThatThrownBy(() -> AvroSerdeTest.<PatientInfo>deserializer(SPECIFIC).deserialize("patients", wire))
        .isInstanceOf(SerializationException.class).hasMessageContaining("incompatible with the reader schema");
  }

  @Test
  void nonAvroValuesAreRefused() {
    assertThatThrownBy(() -> AvroSerdeTest.<Object>serializer(CONFIG, false).serialize("alerts", "text"))
        .isInstanceOf(SerializationException.class).hasMessageContaining("java.lang.String");
  }

  @Test
  void nullStaysNull() {
    assertThat(AvroSerdeTest.<Alert>serializer(CONFIG, false).serialize("alerts", null)).isNull();
    assertThat(AvroSerdeTest.<Alert>deserializer(CONFIG).deserialize("alerts", null)).isNull();
  }

  @Test
  void missingRegistryUrlIsAConfigError() {
    assertThatThrownBy(() -> new AvroSerializer<>().configure(Map.of(), false))
        .hasMessageContaining("schema.registry.url");
  }
}
