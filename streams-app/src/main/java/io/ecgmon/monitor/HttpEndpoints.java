package io.ecgmon.monitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * GET /metrics (Prometheus text), /health/live and /health/ready (JSON {"status":"UP"|"DOWN",...},
 * 200 or 503), on the JDK's own HTTP server: three tiny endpoints need no framework.
 */
final class HttpEndpoints implements AutoCloseable {

  /** A health answer: up or not, and the Kafka Streams state behind it. */
  record Health(boolean up, String state) {}

  private final HttpServer server;
  private final java.util.concurrent.ExecutorService executor;

  HttpEndpoints(int port, Supplier<String> scrape, Supplier<Health> live, Supplier<Health> ready) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ecgmon-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
        scrape.get()));
    server.createContext("/health/live", ex -> health(ex, live.get()));
    server.createContext("/health/ready", ex -> health(ex, ready.get()));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void health(HttpExchange ex, Health h) throws IOException {
    respond(ex, h.up() ? 200 : 503, "application/json",
        "{\"status\":\"" + (h.up() ? "UP" : "DOWN") + "\",\"state\":\"" + h.state() + "\"}");
  }

  private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
    try (ex) {
      if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
