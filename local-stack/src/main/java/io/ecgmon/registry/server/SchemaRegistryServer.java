package io.ecgmon.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ecgmon.registry.CompatibilityLevel;
import io.ecgmon.registry.RegisteredSchema;
import io.ecgmon.registry.RegistryException;
import io.ecgmon.registry.SchemaStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry speaking the Confluent Schema Registry REST API v1 (the subset ecgmon and the
 * Confluent clients use), with its state in a compacted Kafka topic. For the local stack and tests:
 * a real deployment runs Confluent's registry at the same URL, with no code change.
 *
 * <p>One instance per Kafka cluster: ids are allocated by this process (Confluent's registry has a
 * leader for the same reason).
 */
public final class SchemaRegistryServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  public static final String DEFAULT_TOPIC = "_schemas";

  private final SchemaStore store;
  private final KafkaSchemaLog schemaLog;
  private final HttpServer http;
  private final ExecutorService executor;

  private SchemaRegistryServer(SchemaStore store, KafkaSchemaLog schemaLog, HttpServer http,
      ExecutorService executor) {
    this.store = store;
    this.schemaLog = schemaLog;
    this.http = http;
    this.executor = executor;
  }

  /**
   * @param kafka Kafka client properties (at least bootstrap.servers)
   * @param port HTTP port, 0 for any free one
   */
  public static SchemaRegistryServer start(Map<String, Object> kafka, String host, int port, String topic)
      throws Exception {
    SchemaStore store = new SchemaStore();
    KafkaSchemaLog schemaLog = KafkaSchemaLog.open(kafka, topic, store);
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      schemaLog.close();
      throw e;
    }
    ExecutorService executor = Executors.newFixedThreadPool(4);
    SchemaRegistryServer ready = new SchemaRegistryServer(store, schemaLog, http, executor);
    http.createContext("/", ready::handle);
    http.setExecutor(executor);
    http.start();
    log.info("schema registry listening on {}", ready.url());
    return ready;
  }

  public String url() {
    InetSocketAddress a = http.getAddress();
    return "http://" + (a.getAddress().isAnyLocalAddress() ? "localhost" : a.getHostString()) + ":" + a.getPort();
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
    schemaLog.close();
    log.info("schema registry stopped");
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String[] path = Arrays.stream(exchange.getRequestURI().getRawPath().split("/"))
          .filter(s -> !s.isEmpty())
          .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
          .toArray(String[]::new);
      String query = exchange.getRequestURI().getRawQuery();
      try {
        Object body = route(method, path, query, exchange);
        respond(exchange, 200, body);
      } catch (RegistryException e) {
        respond(exchange, e.status(), error(e.errorCode(), e.getMessage()));
      } catch (IOException | RuntimeException e) {
        log.warn("registry request {} {} failed: {}", method, exchange.getRequestURI().getPath(), e.toString());
        respond(exchange, 500, error(RegistryException.STORE_ERROR, "Internal error: " + e.getMessage()));
      }
    }
  }

  private Object route(String method, String[] p, String query, HttpExchange exchange) throws IOException {
    String route = method + " " + shape(p);
    return switch (route) {
      case "GET " -> JSON.createObjectNode();
      case "GET subjects" -> store.subjects();
      case "GET subjects/*/versions" -> store.versions(p[1]);
      case "POST subjects/*/versions" -> register(p[1], readSchema(exchange));
      case "GET subjects/*/versions/*" -> describe(version(p[1], p[3]));
      case "GET subjects/*/versions/*/schema" -> JSON.readTree(version(p[1], p[3]).schema());
      case "POST subjects/*" -> describe(store.lookup(p[1], readSchema(exchange)));
      case "GET schemas/ids/*" -> JSON.createObjectNode().put("schema", schemaById(p[2]));
      case "POST compatibility/subjects/*/versions/*" -> compatibility(p[2], p[4], readSchema(exchange));
      case "GET config" -> level("compatibilityLevel", store.globalCompatibility());
      case "PUT config" -> setLevel(null, exchange);
      case "GET config/*" -> subjectLevel(p[1], query);
      case "PUT config/*" -> setLevel(p[1], exchange);
      default -> throw new RegistryException(404, 404, "HTTP 404 Not Found: " + method + " /" + String.join("/", p));
    };
  }

  /** The path with subject/version/id segments replaced by '*', for the route table. */
  private static String shape(String[] p) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < p.length; i++) {
      boolean fixed = (i == 0) || (p[0].equals("subjects") && i == 2) || (p[0].equals("subjects") && i == 4)
          || (p[0].equals("schemas") && i == 1) || (p[0].equals("compatibility") && (i == 1 || i == 3));
      s.append(i == 0 ? "" : "/").append(fixed ? p[i] : "*");
    }
    return s.toString();
  }

  private ObjectNode register(String subject, Schema schema) {
    synchronized (store) {
      SchemaStore.Registration r = store.plan(subject, schema);
      if (r.isNew()) {
        schemaLog.appendSchema(r.schema());
        store.apply(r.schema());
        log.info("registered subject {} version {} as id {}", subject, r.schema().version(), r.schema().id());
      }
      return JSON.createObjectNode().put("id", r.schema().id());
    }
  }

  private RegisteredSchema version(String subject, String version) {
    if (version.equals("latest") || version.equals("-1")) {
      return store.getLatest(subject);
    }
    int v;
    try {
      v = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      v = -2;
    }
    if (v < 1) {
      throw new RegistryException(422, RegistryException.INVALID_VERSION,
          "The specified version '" + version + "' is not a valid version id. "
              + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }
    return store.getVersion(subject, v);
  }

  private String schemaById(String id) {
    try {
      int n = Integer.parseInt(id);
      return store.schemaTextById(n).orElseThrow(() -> RegistryException.schemaNotFound("id " + n));
    } catch (NumberFormatException e) {
      throw RegistryException.schemaNotFound("id " + id);
    }
  }

  private ObjectNode compatibility(String subject, String version, Schema schema) {
    boolean ok;
    if (version.equals("latest") || version.equals("-1")) {
      store.getLatest(subject); // 40401 for an unknown subject, as Confluent answers
      ok = store.isCompatible(subject, schema);
    } else {
      RegisteredSchema against = version(subject, version);
      ok = store.compatibilityOf(subject).allows(schema, java.util.List.of(SchemaStore.parse(against.schema())));
    }
    return JSON.createObjectNode().put("is_compatible", ok);
  }

  private ObjectNode subjectLevel(String subject, String query) {
    CompatibilityLevel level = store.subjectCompatibility(subject);
    if (level == null) {
      if (query != null && query.contains("defaultToGlobal=true")) {
        return level("compatibilityLevel", store.globalCompatibility());
      }
      throw new RegistryException(404, RegistryException.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED,
          "Subject '" + subject + "' does not have subject-level compatibility configured");
    }
    return level("compatibilityLevel", level);
  }

  private ObjectNode setLevel(String subjectOrNull, HttpExchange exchange) throws IOException {
    JsonNode body = readJson(exchange);
    CompatibilityLevel level = CompatibilityLevel.parse(body.path("compatibility").asText(""));
    synchronized (store) {
      schemaLog.appendCompatibility(subjectOrNull, level);
      store.applyCompatibility(subjectOrNull, level);
    }
    return level("compatibility", level);
  }

  private static ObjectNode level(String field, CompatibilityLevel level) {
    return JSON.createObjectNode().put(field, level.name());
  }

  private static Schema readSchema(HttpExchange exchange) throws IOException {
    JsonNode body = readJson(exchange);
    String type = body.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw new RegistryException(422, RegistryException.INVALID_SCHEMA,
          "Invalid schema: schema type " + type + " is not supported by this registry (AVRO only)");
    }
    if (!body.hasNonNull("schema")) {
      throw new RegistryException(422, RegistryException.INVALID_SCHEMA, "Invalid schema: no 'schema' field");
    }
    return SchemaStore.parse(body.get("schema").asText());
  }

  private static JsonNode readJson(HttpExchange exchange) throws IOException {
    byte[] bytes = exchange.getRequestBody().readAllBytes();
    try {
      return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    } catch (IOException e) {
      throw new RegistryException(400, 400, "Request body is not JSON: " + e.getMessage());
    }
  }

  private static ObjectNode describe(RegisteredSchema r) {
    return JSON.createObjectNode().put("subject", r.subject()).put("version", r.version()).put("id", r.id())
        .put("schema", r.schema());
  }

  private static ObjectNode error(int code, String message) {
    return JSON.createObjectNode().put("error_code", code).put("message", message);
  }

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
