package io.ecgmon.cli.demo;

import io.ecgmon.broker.EmbeddedKafka;
import io.ecgmon.cli.alerts.AlertFormat;
import io.ecgmon.cli.alerts.AlertsCommand;
import io.ecgmon.cli.topics.TopicDefinitions;
import io.ecgmon.cli.topics.TopicsCommand;
import io.ecgmon.inference.OnnxClassifier;
import io.ecgmon.monitor.MonitorApp;
import io.ecgmon.monitor.MonitorConfig;
import io.ecgmon.registry.server.SchemaRegistryServer;
import io.ecgmon.replay.Counters;
import io.ecgmon.replay.SimulateCommand;
import io.ecgmon.replay.Simulation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The running demo: broker, topics, registry, simulator, alert subscriber and monitor, started in
 * that order (the simulator as early as it can: its first 10 s windows fill while the rest starts
 * and Kafka Streams joins the group), and closed as simulator, monitor, subscriber, registry, broker,
 * so every piece stops while what it talks to is still up and the subscriber prints the monitor's
 * last alerts. A piece that fails to start closes the ones already running before the error goes on.
 */
public final class Demo implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Demo.class);

  /**
   * Loggers whose warnings are about the in-process setup itself, not about anything the user can act
   * on here: the broker's first-start notices, a global thread this topology does not have, a state
   * directory under the temp folder (chosen: the demo deletes it). Set before those classes create
   * their loggers; a -D on the command line wins.
   */
  private static final Map<String, String> QUIET_LOGGERS = Map.of(
      "kafka", "error",
      "org.apache.kafka.controller", "error",
      "org.apache.kafka.streams.StreamsConfig", "error",
      "org.apache.kafka.streams.processor.internals.StateDirectory", "error");

  private final long startNanos = System.nanoTime();
  private EmbeddedKafka kafka;
  private SchemaRegistryServer registry;
  private AlertsCommand.Subscription alerts;
  private Simulation simulation;
  private MonitorApp monitor;
  private Path stateDir;
  private boolean monitorRunning;
  private long nextProgress;

  private Demo() {}

  static Demo start(DemoCommand o, PrintWriter out) throws Exception {
    QUIET_LOGGERS.forEach((logger, level) -> {
      String key = "org.slf4j.simpleLogger.log." + logger;
      if (System.getProperty(key) == null) {
        System.setProperty(key, level);
      }
    });
    // what can be refused without starting anything is refused first: options, ports
    SimulateCommand simulate = new SimulateCommand();
    new CommandLine(simulate).parseArgs(o.simulatorArgs().toArray(String[]::new));
    simulate.validate();
    requireFree("Kafka", o.kafkaPort, "--kafka-port");
    requireFree("the schema registry", o.registryPort, "--registry-port");
    requireFree("the monitor's metrics", o.metricsPort, "--metrics-port");
    if (o.web.enabled()) {
      requireFree("the live view", o.web.port(), "--web");
    }
    Demo demo = new Demo();
    try {
      demo.startPieces(o, out);
      return demo;
    } catch (Exception | Error e) {
      demo.close();
      throw e;
    }
  }

  private void startPieces(DemoCommand o, PrintWriter out) throws Exception {
    out.println("ecgmon demo: starting Kafka, schema registry, simulator, monitor and alert subscriber in this "
        + "process ...");
    out.flush();
    kafka = EmbeddedKafka.start(1, o.kafkaPort);
    int topicCount = createTopics(kafka.bootstrapServers());
    registry = SchemaRegistryServer.start(Map.of("bootstrap.servers", kafka.bootstrapServers()), "127.0.0.1",
        o.registryPort, SchemaRegistryServer.DEFAULT_TOPIC);
    List<String> client = List.of("-b", kafka.bootstrapServers(), "-r", registry.url());

    // the simulator first: the first alert is due about 20 s after its start, whatever starts later
    List<String> simArgs = new ArrayList<>(client);
    simArgs.addAll(o.simulatorArgs());
    simulation = SimulateCommand.start(simArgs.toArray(String[]::new));

    List<String> alertArgs = new ArrayList<>(client);
    alertArgs.add("--from-beginning"); // a fresh cluster: everything on it is this demo's
    alertArgs.addAll(o.web.args());
    AlertsCommand subscriber = new AlertsCommand();
    new CommandLine(subscriber).parseArgs(alertArgs.toArray(String[]::new));
    alerts = subscriber.start(out);

    stateDir = Files.createTempDirectory("ecgmon-demo-streams-");
    Map<String, String> monitorSettings = new LinkedHashMap<>();
    monitorSettings.put("bootstrap.servers", kafka.bootstrapServers());
    monitorSettings.put("schema.registry.url", registry.url());
    monitorSettings.put("state.dir", stateDir.toString());
    monitorSettings.put(MonitorConfig.HTTP_PORT, Integer.toString(o.metricsPort));
    if (o.model != null) {
      monitorSettings.put(MonitorConfig.MODEL_PATH, o.model.toString());
    }
    // returns once Kafka Streams is started; joining the group and creating its changelogs go on meanwhile
    monitor = MonitorApp.start(MonitorConfig.load(null, System.getenv(), monitorSettings));

    banner(o, topicCount, out);
  }

  /** ops/topics.yaml as built into the CLI, fitted to one broker; returns how many topics it defines. */
  private static int createTopics(String bootstrap) throws Exception {
    var definitions = TopicDefinitions.builtIn();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      // its per-topic lines (and the "replication lowered to 1" warnings) are for `ecgmon topics`, not here
      TopicsCommand.apply(admin, definitions, 0, false, new PrintWriter(OutputStream.nullOutputStream()));
    }
    return definitions.size();
  }

  private void banner(DemoCommand o, int topicCount, PrintWriter out) {
    String model = monitor.config().modelPath().toString();
    if (monitor.classifier() instanceof OnnxClassifier c) {
      model = c.card().name() + " " + c.card().version() + " (" + model + ")";
    }
    String patients = o.ptbxl == null
        ? o.patients + " synthetic patients" + (o.classes.isEmpty() ? " (NORM, MI, STTC, CD, HYP in turn)"
            : " (" + String.join(",", o.classes) + ")")
        : o.patients + " PTB-XL feeds from " + o.ptbxl;
    out.printf(Locale.ROOT, "ecgmon demo started in %.0f s (not a medical device):%n", seconds());
    out.printf("  Kafka            %s   (in-process KRaft broker; %d topics from ops/topics.yaml)%n",
        kafka.bootstrapServers(), topicCount);
    out.printf("  schema registry  %s%n", registry.url());
    out.printf("  simulator        %s, %d Hz, speed %s%n", patients, o.rate, o.speed);
    out.printf("  monitor          %s%n", model);
    out.printf("  metrics          http://127.0.0.1:%d/metrics   /health/ready%n", monitor.httpPort());
    if (alerts.webUrl() != null) {
      out.printf("  live view        %s%n", alerts.webUrl());
    }
    out.println("An alert needs 3 consecutive abnormal 10 s windows, 5 s apart: the first ones come about 20 s after");
    out.println("the simulator starts (at speed 1), once the monitor has joined. Other terminals can join too,");
    out.println("e.g. `ops/ecgmon alerts --class MI`. Ctrl-C stops everything.");
    out.println();
    out.println(AlertFormat.HUMAN_HEADER);
    out.flush();
  }

  /** Refuses a fixed port that something else holds, naming the option that changes it. */
  static void requireFree(String what, int port, String option) {
    if (port == 0) {
      return;
    }
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      s.setReuseAddress(true);
    } catch (IOException e) {
      throw new IllegalStateException("port " + port + " for " + what + " is in use (another ecgmon stack or demo?); "
          + "stop what holds it or choose another with " + option + " (0 = any free port)");
    }
  }

  private double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Null while every piece runs; otherwise what went wrong. */
  String problem() {
    if (simulation.failure() != null) {
      return "the simulator failed: " + simulation.failure();
    }
    if (alerts.failure() != null) {
      return "the alert subscriber failed: " + alerts.failure();
    }
    KafkaStreams.State state = monitor.streams().state();
    if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
        || state == KafkaStreams.State.NOT_RUNNING) {
      return "the monitor stopped (Kafka Streams " + state + ")";
    }
    return null;
  }

  /**
   * Called about once a second: logs when the monitor has joined (its partitions assigned), and a
   * status line every {@code progressMillis} (0 = never).
   */
  void watch(long progressMillis) {
    if (!monitorRunning && monitor.streams().state() == KafkaStreams.State.RUNNING) {
      monitorRunning = true;
      log.info("monitor running (partitions assigned) {} s after start", Math.round(seconds()));
    }
    long now = System.nanoTime() / 1_000_000;
    if (progressMillis <= 0) {
      return;
    }
    if (nextProgress == 0) {
      nextProgress = now + progressMillis;
    }
    if (now < nextProgress) {
      return;
    }
    nextProgress = now + progressMillis;
    Counters.Snapshot c = simulation.counters();
    log.info("{} s: {} patients, {} segments sent, {} windows classified, {} alerts", Math.round(seconds()),
        c.patients(), c.segments(), (long) count("ecgmon.windows", "outcome", "classified"),
        (long) count("ecgmon.alerts", null, null));
  }

  private double count(String meter, String tag, String value) {
    var search = monitor.registry().find(meter);
    if (tag != null) {
      search = search.tag(tag, value);
    }
    return search.counters().stream().mapToDouble(c -> c.count()).sum();
  }

  /** Stops what was started, in the order the class comment gives; one failing does not keep the rest up. */
  @Override
  public void close() {
    stop("simulator", simulation);
    stop("monitor", monitor);
    stop("monitor state", stateDir == null ? null : () -> deleteRecursively(stateDir));
    stop("alert subscriber", alerts);
    stop("schema registry", registry);
    stop("Kafka", kafka);
  }

  private static void stop(String name, AutoCloseable piece) {
    if (piece == null) {
      return;
    }
    try {
      piece.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("interrupted while closing the {}", name);
    } catch (Exception e) {
      log.warn("closing the {} failed: {}", name, e.toString());
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
