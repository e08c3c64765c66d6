package io.ecgmon.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Client of the Confluent Schema Registry REST API v1 over the JDK's HttpClient. Works against
 * Confluent's registry and against ecgmon's local one alike.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * One JDK client for every instance: each serde makes its own registry client (a Streams app makes
   * dozens), and a JDK HttpClient holds a selector thread until it is garbage collected.
   */
  private static final HttpClient SHARED = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final URI base;
  private final String authorization;
  private final HttpClient http;

  /**
   * @param baseUrl e.g. {@code http://localhost:8081}
   * @param userInfo {@code user:password} for HTTP basic auth, or null
   */
  public HttpSchemaRegistryClient(String baseUrl, String userInfo) {
    String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.base = URI.create(url);
    this.authorization = userInfo == null || userInfo.isEmpty()
        ? null
        : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    this.http = SHARED;
  }

  @Override
  public int register(String subject, Schema schema) {
    return send("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema)).get("id").asInt();
  }

  @Override
  public Schema getById(int id) {
    return SchemaStore.parse(send("GET", "/schemas/ids/" + id, null).get("schema").asText());
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    return registered(send("POST", "/subjects/" + enc(subject), schemaBody(schema)));
  }

  @Override
  public RegisteredSchema getLatest(String subject) {
    return registered(send("GET", "/subjects/" + enc(subject) + "/versions/latest", null));
  }

  @Override
  public RegisteredSchema getVersion(String subject, int version) {
    return registered(send("GET", "/subjects/" + enc(subject) + "/versions/" + version, null));
  }

  @Override
  public List<String> subjects() {
    List<String> out = new ArrayList<>();
    send("GET", "/subjects", null).forEach(n -> out.add(n.asText()));
    return out;
  }

  @Override
  public List<Integer> versions(String subject) {
    List<Integer> out = new ArrayList<>();
    send("GET", "/subjects/" + enc(subject) + "/versions", null).forEach(n -> out.add(n.asInt()));
    return out;
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    try {
      return send("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest", schemaBody(schema))
          .get("is_compatible").asBoolean();
    } catch (RegistryException e) {
      if (e.errorCode() == RegistryException.SUBJECT_NOT_FOUND) {
        return true; // nothing to be incompatible with
      }
      throw e;
    }
  }

  @Override
  public CompatibilityLevel getCompatibility(String subjectOrNullForGlobal) {
    String path = subjectOrNullForGlobal == null
        ? "/config"
        : "/config/" + enc(subjectOrNullForGlobal) + "?defaultToGlobal=true";
    return CompatibilityLevel.parse(send("GET", path, null).get("compatibilityLevel").asText());
  }

  @Override
  public void setCompatibility(String subjectOrNullForGlobal, CompatibilityLevel level) {
    ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
    send("PUT", subjectOrNullForGlobal == null ? "/config" : "/config/" + enc(subjectOrNullForGlobal), body);
  }

  private static ObjectNode schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString());
  }

  private static RegisteredSchema registered(JsonNode n) {
    return new RegisteredSchema(n.get("subject").asText(), n.get("version").asInt(), n.get("id").asInt(),
        n.get("schema").asText());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode send(String method, String path, JsonNode body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", CONTENT_TYPE + ", application/json")
        .method(method, body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (body != null) {
      request.header("Content-Type", CONTENT_TYPE);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RegistryException(503, RegistryException.STORE_ERROR,
          "schema registry " + base + " unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(503, RegistryException.STORE_ERROR, "interrupted calling " + base, e);
    }
    JsonNode json;
    try {
      json = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new RegistryException(response.statusCode(), RegistryException.STORE_ERROR,
          "schema registry answered " + response.statusCode() + " with a body that is not JSON");
    }
    if (response.statusCode() >= 300) {
      int code = json.has("error_code") ? json.get("error_code").asInt() : response.statusCode();
      String message = json.has("message") ? json.get("message").asText() : response.body();
      throw new RegistryException(response.statusCode(), code, message);
    }
    return json;
  }
}
