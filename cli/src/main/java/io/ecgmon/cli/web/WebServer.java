package io.ecgmon.cli.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view over HTTP, on the JDK's own server: the static page, {@code GET /api/state}
 * (snapshot), {@code GET /api/strip?patient=ID} (the downsampled ECG strip), {@code GET /events}
 * (server-sent events: {@code snapshot} first, then {@code alert} and {@code patient} as they happen)
 * and {@code GET /health}. Each SSE client has a bounded queue; one that falls too far behind is
 * dropped and its browser reconnects (EventSource does) to a fresh snapshot.
 */
public final class WebServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebServer.class);
  private static final String STATIC_ROOT = "/io/ecgmon/cli/web/";
  private static final Map<String, String> STATIC = Map.of(
      "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/style.css", "style.css");
  private static final String CLOSE = "\u0000close";
  private static final long HEARTBEAT_SECONDS = 15;

  private final LiveView view;
  private final HttpServer server;
  private final ExecutorService executor;
  private final ObjectMapper json = new ObjectMapper();
  private final List<BlockingQueue<String>> clients = new CopyOnWriteArrayList<>();

  private WebServer(LiveView view, HttpServer server, ExecutorService executor) {
    this.view = view;
    this.server = server;
    this.executor = executor;
  }

  public static WebServer start(LiveView view, String host, int port) throws IOException {
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "ecgmon-web-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    WebServer web = new WebServer(view, server, executor);
    server.createContext("/", web::serveStatic);
    server.createContext("/api/state", x -> web.sendJson(x, 200, view.snapshot()));
    server.createContext("/api/strip", web::serveStrip);
    server.createContext("/events", web::serveEvents);
    server.createContext("/health", x -> web.sendJson(x, 200, Map.of("status", "UP")));
    server.setExecutor(executor);
    view.onUpdate(web::broadcast);
    server.start();
    log.info("live view at {}", web.url());
    return web;
  }

  public String url() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().isAnyLocalAddress() ? "localhost" : a.getHostString();
    return "http://" + host + ":" + a.getPort() + "/";
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void broadcast(String event, Map<String, Object> data) {
    String message = sse(event, data);
    for (BlockingQueue<String> q : clients) {
      if (!q.offer(message)) {
        clients.remove(q);
        q.clear();
        q.offer(CLOSE);
      }
    }
  }

  private String sse(String event, Object data) {
    try {
      return "event: " + event + "\ndata: " + json.writeValueAsString(data) + "\n\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void serveEvents(HttpExchange x) throws IOException {
    if (!"GET".equals(x.getRequestMethod())) {
      sendJson(x, 405, Map.of("error", "GET only"));
      return;
    }
    BlockingQueue<String> queue = new ArrayBlockingQueue<>(2000);
    view.subscribe(() -> {
      queue.offer(sse("snapshot", view.snapshot()));
      clients.add(queue);
    });
    x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    x.getResponseHeaders().set("Cache-Control", "no-store");
    x.getResponseHeaders().set("X-Accel-Buffering", "no");
    x.sendResponseHeaders(200, 0);
    try (OutputStream out = x.getResponseBody()) {
      out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (true) {
        String message = queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        if (CLOSE.equals(message)) {
          break;
        }
        // a comment line as heartbeat: finds dead connections and keeps proxies from timing out
        out.write((message == null ? ": ping\n\n" : message).getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      // the browser went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      clients.remove(queue);
    }
  }

  private void serveStrip(HttpExchange x) throws IOException {
    String patient = query(x.getRequestURI(), "patient");
    Map<String, Object> strip = patient == null ? null : view.strip(patient);
    if (strip == null) {
      sendJson(x, 404, Map.of("error", "no ECG strip held for that patient"));
    } else {
      sendJson(x, 200, strip);
    }
  }

  private void serveStatic(HttpExchange x) throws IOException {
    String file = STATIC.get(x.getRequestURI().getPath());
    if (file == null || !"GET".equals(x.getRequestMethod())) {
      sendJson(x, 404, Map.of("error", "not found"));
      return;
    }
    byte[] body;
    try (InputStream in = WebServer.class.getResourceAsStream(STATIC_ROOT + file)) {
      body = in.readAllBytes();
    }
    String type = file.endsWith(".html") ? "text/html" : file.endsWith(".js") ? "text/javascript" : "text/css";
    send(x, 200, type + "; charset=utf-8", body);
  }

  private void sendJson(HttpExchange x, int status, Object body) throws IOException {
    send(x, status, "application/json", json.writeValueAsBytes(body));
  }

  private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
    x.getResponseHeaders().set("Content-Type", type);
    x.getResponseHeaders().set("Cache-Control", "no-store");
    x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    x.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:");
    x.sendResponseHeaders(status, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  static String query(URI uri, String name) {
    String q = uri.getRawQuery();
    if (q == null) {
      return null;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Override
  public void close() {
    view.onUpdate((e, d) -> { });
    for (BlockingQueue<String> q : clients) {
      q.clear();
      q.offer(CLOSE);
    }
    server.stop(0);
    executor.shutdownNow();
  }
}
