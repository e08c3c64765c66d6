package io.ecgmon.cli.web;

import static io.ecgmon.avro.AlertKind.ONSET;
import static io.ecgmon.cli.alerts.Alerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WebServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(WebServer web, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(web.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThePageTheStateTheStripAndHealth() throws Exception {
    LiveView view = new LiveView(10, 10, 50, 10_000);
    view.onSegment(Segments.segment("p 1/é", "r", 500, 0, Segments.ramp(500)));
    try (WebServer web = WebServer.start(view, "127.0.0.1", 0)) {
      HttpResponse<String> page = get(web, "");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<canvas id=\"strip-canvas\"", "app.js");
      assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> v.contains("'self'"));
      assertThat(get(web, "app.js").body()).contains("new EventSource(\"events\")");
      assertThat(get(web, "style.css").statusCode()).isEqualTo(200);
      assertThat(get(web, "api/state").body()).contains("\"patientId\":\"p 1/é\"");
      HttpResponse<String> strip = get(web, "api/strip?patient=p%201%2F%C3%A9");
      assertThat(strip.statusCode()).isEqualTo(200);
      assertThat(strip.body()).contains("\"rateHz\":50.0", "\"leads\":[\"I\",\"II\"");
      assertThat(get(web, "api/strip?patient=nobody").statusCode()).isEqualTo(404);
      assertThat(get(web, "../etc/passwd").statusCode()).isEqualTo(404);
      assertThat(get(web, "health").body()).isEqualTo("{\"status\":\"UP\"}");
    }
  }

  @Test
  @Timeout(60) // a hang guard, not a speed check
  void eventsStartWithTheSnapshotThenFollowUpdates() throws Exception {
    LiveView view = new LiveView(10, 10, 50, 10_000);
    view.onAlert(alert("p-1", ONSET, 0.9f, "MI"));
    try (WebServer web = WebServer.start(view, "127.0.0.1", 0)) {
      HttpResponse<java.io.InputStream> events = http.send(
          HttpRequest.newBuilder(URI.create(web.url() + "events")).build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(events.headers().firstValue("Content-Type")).hasValueSatisfying(
          v -> assertThat(v).startsWith("text/event-stream"));
      BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8));
      List<String> seen = new ArrayList<>();
      String line;
      while (!(line = lines.readLine()).startsWith("data:")) {
        seen.add(line);
      }
      assertThat(seen).contains("event: snapshot");
      assertThat(line).contains("\"patientId\":\"p-1\"");
      view.onAlert(alert("p-2", ONSET, 0.8f, "CD"));
      List<String> next = new ArrayList<>();
      while (next.size() < 4) {
        line = lines.readLine();
        if (!line.isEmpty() && !line.startsWith(":")) {
          next.add(line);
        }
      }
      assertThat(next.get(0)).isEqualTo("event: alert");
      assertThat(next.get(1)).startsWith("data: {\"patientId\":\"p-2\",\"kind\":\"ONSET\",\"classes\":[\"CD\"]");
      assertThat(next.get(2)).isEqualTo("event: patient");
      assertThat(next.get(3)).contains("\"status\":\"ALERT\"");
      events.body().close();
    }
  }
}
