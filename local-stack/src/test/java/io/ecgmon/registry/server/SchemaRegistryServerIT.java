package io.ecgmon.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecgmon.avro.Alert;
import io.ecgmon.avro.EcgSegment;
import io.ecgmon.broker.TestKafka;
import io.ecgmon.registry.CompatibilityLevel;
import io.ecgmon.registry.HttpSchemaRegistryClient;
import io.ecgmon.registry.RegistryException;
import io.ecgmon.registry.SchemaStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry server on a real broker, through the project's own HTTP client and raw HTTP. */
class SchemaRegistryServerIT {

  static final Schema V1 = SchemaStore.parse(
      "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
  static final Schema V2 = SchemaStore.parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
      + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":[\"null\",\"int\"],\"default\":null}]}");
  static final Schema BREAKING = SchemaStore.parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
      + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"c\",\"type\":\"int\"}]}");

  String topic;
  SchemaRegistryServer server;
  HttpSchemaRegistryClient client;

  @BeforeEach
  void start() throws Exception {
    topic = "_schemas-" + UUID.randomUUID();
    server = start(topic);
    client = new HttpSchemaRegistryClient(server.url(), null);
  }

  static SchemaRegistryServer start(String topic) throws Exception {
    return SchemaRegistryServer.start(Map.of("bootstrap.servers", TestKafka.bootstrapServers()), "localhost", 0,
        topic);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void registersAndServesSchemasLikeConfluent() {
    int segment = client.register("ecg-segments-value", EcgSegment.getClassSchema());
    int alert = client.register("alerts-value", Alert.getClassSchema());
    assertThat(alert).isNotEqualTo(segment);
    assertThat(client.register("ecg-segments-value", EcgSegment.getClassSchema())).isEqualTo(segment);
    assertThat(client.getById(segment)).isEqualTo(EcgSegment.getClassSchema());
    assertThat(client.subjects()).containsExactly("alerts-value", "ecg-segments-value");
    assertThat(client.versions("alerts-value")).containsExactly(1);
    assertThat(client.getLatest("alerts-value").id()).isEqualTo(alert);
    assertThat(client.getVersion("alerts-value", 1).schema()).isEqualTo(Alert.getClassSchema().toString());
    assertThat(client.lookup("alerts-value", Alert.getClassSchema()).version()).isEqualTo(1);
  }

  @Test
  void enforcesCompatibilityWith409() {
    client.register("r-value", V1);
    assertThat(client.isCompatible("r-value", V2)).isTrue();
    assertThat(client.isCompatible("r-value", BREAKING)).isFalse();
    assertThatThrownBy(() -> client.register("r-value", BREAKING)).isInstanceOfSatisfying(RegistryException.class,
        e -> {
          assertThat(e.status()).isEqualTo(409);
          assertThat(e.errorCode()).isEqualTo(409);
        });
    client.setCompatibility("r-value", CompatibilityLevel.NONE);
    assertThat(client.getCompatibility("r-value")).isEqualTo(CompatibilityLevel.NONE);
    assertThat(client.register("r-value", BREAKING)).isPositive();
    assertThat(client.getCompatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
  }

  @Test
  void answersErrorsWithConfluentCodes() throws Exception {
    assertThat(raw("GET", "/subjects/nope/versions", null)).contains("\"error_code\":40401");
    client.register("r-value", V1);
    assertThat(raw("GET", "/subjects/r-value/versions/7", null)).contains("\"error_code\":40402");
    assertThat(raw("GET", "/subjects/r-value/versions/zero", null)).contains("\"error_code\":42202");
    assertThat(raw("GET", "/schemas/ids/9999", null)).contains("\"error_code\":40403");
    assertThat(raw("POST", "/subjects/r-value/versions", "{\"schema\":\"{nope\"}")).contains("\"error_code\":42201");
    assertThat(raw("GET", "/config/r-value", null)).contains("\"error_code\":40408");
    assertThat(raw("GET", "/config/r-value?defaultToGlobal=true", null)).contains("\"compatibilityLevel\":\"BACKWARD\"");
    assertThat(raw("PUT", "/config", "{\"compatibility\":\"SIDEWAYS\"}")).contains("\"error_code\":42203");
    assertThat(raw("GET", "/no/such/endpoint", null)).contains("\"error_code\":404");
  }

  @Test
  void aRestartedRegistryKeepsIdsVersionsAndConfig() throws Exception {
    int a = client.register("r-value", V1);
    int b = client.register("r-value", V2);
    int c = client.register("alerts-value", Alert.getClassSchema());
    client.setCompatibility("alerts-value", CompatibilityLevel.FULL);
    server.close();

    server = start(topic);
    client = new HttpSchemaRegistryClient(server.url(), null);
    assertThat(client.getVersion("r-value", 1).id()).isEqualTo(a);
    assertThat(client.getVersion("r-value", 2).id()).isEqualTo(b);
    assertThat(client.getLatest("alerts-value").id()).isEqualTo(c);
    assertThat(client.getById(b)).isEqualTo(V2);
    assertThat(client.getCompatibility("alerts-value")).isEqualTo(CompatibilityLevel.FULL);
    int d = client.register("segments-value", EcgSegment.getClassSchema());
    assertThat(d).isNotIn(a, b, c);
  }

  private String raw(String method, String path, String body) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.url() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json");
    return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
