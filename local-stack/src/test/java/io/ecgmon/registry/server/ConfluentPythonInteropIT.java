package io.ecgmon.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecgmon.avro.Alert;
import io.ecgmon.avro.AlertKind;
import io.ecgmon.avro.PatientInfo;
import io.ecgmon.avro.Sex;
import io.ecgmon.broker.TestKafka;
import io.ecgmon.registry.HttpSchemaRegistryClient;
import io.ecgmon.serde.AvroDeserializer;
import io.ecgmon.serde.AvroSerializer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wire compatibility with Confluent's own client: confluent-kafka (Python, from PyPI) talks to the
 * project's registry server, decodes what the Java serializer wrote and writes what the Java
 * deserializer reads back. Runs with ECGMON_PYTHON (ops/test sets it to .venv/bin/python); on CI
 * (CI=true) a missing interpreter or package fails the test instead of skipping it.
 */
class ConfluentPythonInteropIT {

  static final Path REPO = Path.of(System.getenv().getOrDefault("ECGMON_REPO_ROOT", ".."));

  @TempDir
  Path tmp;

  static Path python() throws Exception {
    String configured = System.getenv("ECGMON_PYTHON");
    Path python = configured != null ? Path.of(configured) : REPO.resolve(".venv/bin/python");
    String problem = null;
    if (!Files.isExecutable(python)) {
      problem = "no Python interpreter at " + python + " (run ./ops/setup-python or set ECGMON_PYTHON)";
    } else {
      Process check = new ProcessBuilder(python.toString(), "-c", "import confluent_kafka.schema_registry.avro")
          .redirectErrorStream(true).start();
      if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
        problem = python + " lacks confluent-kafka[avro] (ops/requirements-interop.txt)";
      }
    }
    if (problem != null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("interop test cannot run on CI: " + problem);
      }
      Assumptions.abort(problem);
    }
    return python;
  }

  @Test
  void officialPythonClientAndJavaSerdeUnderstandEachOther() throws Exception {
    Path python = python();
    try (SchemaRegistryServer server = SchemaRegistryServer.start(
        Map.of("bootstrap.servers", TestKafka.bootstrapServers()), "localhost", 0, "_schemas-" + UUID.randomUUID())) {
      Map<String, Object> conf = Map.of("schema.registry.url", server.url(), "specific.avro.reader", true);
      Alert alert = Alert.newBuilder().setPatientId("p-42").setKind(AlertKind.UPDATE).setClasses(List.of("MI", "STTC"))
          .setConfidence(0.875f).setWindowStartIndex(5000).setWindowEndIndex(6000)
          .setWindowStartTime(Instant.ofEpochMilli(1_700_000_050_000L))
          .setWindowEndTime(Instant.ofEpochMilli(1_700_000_060_000L))
          .setModelVersion("1.0.0").setRaisedAt(Instant.ofEpochMilli(1_700_000_060_250L)).build();
      AvroSerializer<Alert> serializer = new AvroSerializer<>();
      serializer.configure(conf, false);
      Path javaBytes = tmp.resolve("alert.bin");
      Files.write(javaBytes, serializer.serialize("interop-alerts", alert));

      Path pythonBytes = tmp.resolve("patient.bin");
      Process process = new ProcessBuilder(python.toString(),
          REPO.resolve("local-stack/src/test/python/confluent_interop.py").toString(),
          "--registry", server.url(), "--java-topic", "interop-alerts", "--java-bytes", javaBytes.toString(),
          "--python-topic", "interop-patients", "--python-bytes", pythonBytes.toString(),
          "--patient-schema", REPO.resolve("schemas/src/main/avro/PatientInfo.avsc").toString())
          .redirectError(tmp.resolve("stderr.txt").toFile()).start();
      String out = new String(process.getInputStream().readAllBytes());
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("python failed: %s", Files.readString(tmp.resolve("stderr.txt"))).isZero();

      // Python decoded the Java bytes
      JsonNode report = new ObjectMapper().readTree(out);
      JsonNode decoded = report.get("alert");
      assertThat(decoded.get("patientId").asText()).isEqualTo("p-42");
      assertThat(decoded.get("kind").asText()).isEqualTo("UPDATE");
      assertThat(decoded.get("classes").toString()).isEqualTo("[\"MI\",\"STTC\"]");
      assertThat(decoded.get("confidence").floatValue()).isEqualTo(0.875f);
      assertThat(decoded.get("windowEndIndex").asLong()).isEqualTo(6000);
      assertThat(decoded.get("windowStartTime").asLong()).isEqualTo(1_700_000_050_000L);
      assertThat(decoded.get("raisedAt").asLong()).isEqualTo(1_700_000_060_250L);
      assertThat(report.get("java_schema_type").asText()).isEqualTo("AVRO");

      // Python registered on our server; the Java side sees the same subject and id
      HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(server.url(), null);
      assertThat(client.subjects()).contains("interop-alerts-value", "interop-patients-value");
      int pythonId = client.getLatest("interop-patients-value").id();
      assertThat(report.get("python_subject_latest_id").asInt()).isEqualTo(pythonId);

      // the Java deserializer reads what Python wrote, equal field by field
      byte[] written = Files.readAllBytes(pythonBytes);
      assertThat(written[0]).isZero();
      assertThat(ByteBuffer.wrap(written, 1, 4).getInt()).isEqualTo(pythonId);
      AvroDeserializer<PatientInfo> deserializer = new AvroDeserializer<>();
      deserializer.configure(conf, false);
      PatientInfo expected = PatientInfo.newBuilder().setPatientId("py-7").setAgeYears(71.5f).setSex(Sex.FEMALE)
          .setHeightCm(null).setWeightKg(80.25f).setUpdatedAt(null).build();
      assertThat(deserializer.deserialize("interop-patients", written)).isEqualTo(expected);
    }
  }
}
