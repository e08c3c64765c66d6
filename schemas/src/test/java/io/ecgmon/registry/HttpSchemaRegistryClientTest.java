package io.ecgmon.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client-side details against a scripted HTTP endpoint: auth headers, error bodies, encoding. */
class HttpSchemaRegistryClientTest {

  HttpServer server;
  final List<String> authorizations = new ArrayList<>();
  final List<String> paths = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
      paths.add(exchange.getRequestURI().getRawPath());
      byte[] body = "{\"error_code\":40401,\"message\":\"Subject 'a b' not found.\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(404, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  static String basic(String userInfo) {
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void userInfoSourceSendsBasicAuthAndErrorsCarryConfluentCodes() {
    SchemaRegistryClient client = SchemaRegistryClients.forUrl(url(), "USER_INFO", "ecg:s3cret");
    assertThatThrownBy(() -> client.getLatest("a b")).isInstanceOfSatisfying(RegistryException.class, e -> {
      assertThat(e.status()).isEqualTo(404);
      assertThat(e.errorCode()).isEqualTo(40401);
      assertThat(e.getMessage()).isEqualTo("Subject 'a b' not found.");
    });
    assertThat(authorizations).containsExactly(basic("ecg:s3cret"));
    assertThat(paths).containsExactly("/subjects/a%20b/versions/latest");
  }

  @Test
  void urlSourceTakesCredentialsFromTheUrl() {
    String withUser = url().replace("http://", "http://ecg:p%40ss@");
    SchemaRegistryClient client = SchemaRegistryClients.forUrl(withUser + ",http://other:8081", "URL", null);
    assertThatThrownBy(() -> client.versions("x")).isInstanceOf(RegistryException.class);
    assertThat(authorizations).containsExactly(basic("ecg:p@ss"));
  }

  @Test
  void noCredentialsNoHeader() {
    SchemaRegistryClient client = SchemaRegistryClients.forUrl(url(), null, null);
    assertThatThrownBy(client::subjects).isInstanceOf(RegistryException.class);
    assertThat(authorizations).containsExactly((String) null);
  }

  @Test
  void unreachableRegistryIsAClearError() {
    server.stop(0);
    SchemaRegistryClient client = SchemaRegistryClients.forUrl(url(), null, null);
    assertThatThrownBy(client::subjects).isInstanceOf(RegistryException.class).hasMessageContaining("unreachable");
  }

  @Test
  void mockUrlsShareAScope() {
    SchemaRegistryClient a = SchemaRegistryClients.forUrl("mock://shared-scope", null, null);
    SchemaRegistryClient b = SchemaRegistryClients.forUrl("mock://shared-scope", null, null);
    int id = a.register("t-value", SchemaStore.parse("\"string\""));
    assertThat(b.getById(id)).isEqualTo(SchemaStore.parse("\"string\""));
    MockSchemaRegistry.dropScope("shared-scope");
  }
}
