package io.ecgmon.cli.alerts;

import io.ecgmon.avro.Alert;
import io.ecgmon.avro.AlertKind;
import io.ecgmon.avro.Classification;
import io.ecgmon.avro.EcgSegment;
import io.ecgmon.config.KafkaClientOptions;
import io.ecgmon.cli.web.LiveView;
import io.ecgmon.cli.web.WebOptions;
import io.ecgmon.cli.web.WebServer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ecgmon alerts}: prints alerts as they come, optionally serving the live web view. */
@Command(name = "alerts", mixinStandardHelpOptions = true, versionProvider = io.ecgmon.cli.ManifestVersion.class,
    description = {"Follows the alerts topic and prints each alert that passes the filters: time (UTC), patient, "
        + "kind, classes, confidence; or one JSON object per line. Runs until Ctrl-C (or --max-alerts).",
        "Without --group it reads every partition directly and commits nothing; with --group it is a member "
            + "of that consumer group and commits what it has printed, so a restart goes on where it stopped.",
        "--web serves a live view: patients and their state, an alert feed (server-sent events) and the "
            + "latest ECG strip of a chosen patient."})
public final class AlertsCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(AlertsCommand.class);

  @Mixin
  KafkaClientOptions client;

  @Spec
  CommandSpec spec;

  @Option(names = "--topic", defaultValue = "alerts", description = "Alerts topic (default ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--patient", paramLabel = "ID", split = ",",
      description = "Only these patients (repeatable or comma-separated).")
  Set<String> patients = new LinkedHashSet<>();

  @Option(names = "--class", paramLabel = "LABEL", split = ",",
      description = "Only alerts naming one of these classes, e.g. MI,STTC (a RESOLVED follows its onset).")
  Set<String> classes = new LinkedHashSet<>();

  @Option(names = "--kind", paramLabel = "KIND", split = ",",
      description = "Only these kinds: ${COMPLETION-CANDIDATES}.")
  Set<AlertKind> kinds = new LinkedHashSet<>();

  @Option(names = "--min-confidence", paramLabel = "P", defaultValue = "0",
      description = "Only alerts with confidence >= P (0..1, default ${DEFAULT-VALUE}).")
  float minConfidence;

  @Option(names = "--format", defaultValue = "human",
      description = "Output: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); json = one object per line.")
  AlertFormat format;

  @Option(names = "--from-beginning",
      description = "Start at the oldest retained alert instead of now (a --group with committed offsets "
          + "resumes from them instead).")
  boolean fromBeginning;

  @Option(names = {"-g", "--group"}, paramLabel = "ID",
      description = "Consume as this consumer group and commit offsets; default: no group, no commits.")
  String group;

  @Option(names = "--max-alerts", paramLabel = "N", defaultValue = "0",
      description = "Exit (code 0) after printing N alerts; 0 = never (default).")
  int maxAlerts;

  @Mixin
  WebOptions webOptions = new WebOptions();

  @Option(names = "--classifications-topic", defaultValue = "classifications",
      description = "Read for the web view's patient states (default ${DEFAULT-VALUE}).")
  String classificationsTopic;

  @Option(names = "--segments-topic", defaultValue = "ecg-segments",
      description = "Read for the web view's ECG strips (default ${DEFAULT-VALUE}); '-' to not read it.")
  String segmentsTopic;

  @Option(names = "--strip-rate", paramLabel = "HZ", defaultValue = "50",
      description = "ECG strip sample rate after downsampling (default ${DEFAULT-VALUE}).")
  double stripRateHz;

  @Option(names = "--strip-seconds", paramLabel = "S", defaultValue = "10",
      description = "ECG strip length kept per patient (default ${DEFAULT-VALUE}).")
  int stripSeconds;

  @Option(names = "--max-patients", paramLabel = "N", defaultValue = "5000",
      description = "Patients the web view keeps in memory, least recently updated dropped first "
          + "(default ${DEFAULT-VALUE}).")
  int maxPatients;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    try (Subscription s = start(out)) {
      Thread hook = new Thread(() -> {
        s.stop();
        try {
          stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "ecgmon-alerts-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        s.await();
      } finally {
        if (!s.stoppedByHook()) {
          Runtime.getRuntime().removeShutdownHook(hook);
        }
      }
      Throwable failure = s.failure();
      if (failure != null) {
        throw failure instanceof Exception e ? e : new RuntimeException(failure);
      }
    } finally {
      stopped.countDown();
    }
    return 0;
  }

  /**
   * Starts following the topics (and the web view when asked) in background threads; the caller waits
   * with {@link Subscription#await()} and stops with {@link Subscription#close()}. Tests use this directly.
   */
  public Subscription start(PrintWriter out) throws Exception {
    Properties config = client.resolve(Map.of());
    AlertFilter filter = new AlertFilter(patients, classes, kinds, minConfidence);
    return new Subscription(config, filter, out);
  }

  /** A running subscriber: its tails, threads and optional web server. */
  public final class Subscription implements AutoCloseable {

    private final List<TopicTail<?>> tails = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger printed = new AtomicInteger();
    private final LiveView view;
    private final WebServer web;
    private final TopicTail<Alert> alerts;
    private volatile boolean byHook;

    Subscription(Properties config, AlertFilter filter, PrintWriter out) throws Exception {
      view = !webOptions.enabled() ? null
          : new LiveView(200, maxPatients, stripRateHz, TimeUnit.SECONDS.toMillis(stripSeconds));
      alerts = new TopicTail<>(config, topic, group, fromBeginning, r -> {
        Alert a = (Alert) r.value();
        if (a == null || !filter.test(a)) {
          return;
        }
        synchronized (out) {
          out.println(format.format(a));
          out.flush();
        }
        if (view != null) {
          view.onAlert(a);
        }
        if (maxAlerts > 0 && printed.incrementAndGet() >= maxAlerts) {
          done.countDown();
        }
      });
      run(alerts, "alerts");
      if (view != null) {
        // the page's other sources: never committed, from now on
        run(new TopicTail<>(config, classificationsTopic, null, false, r -> {
          Classification c = (Classification) r.value();
          if (c != null && filter.patientMatches(c.getPatientId())) {
            view.onClassification(c);
          }
        }), "classifications");
        if (!"-".equals(segmentsTopic)) {
          run(new TopicTail<>(config, segmentsTopic, null, false, r -> {
            EcgSegment s = (EcgSegment) r.value();
            if (s != null && filter.patientMatches(s.getPatientId())) {
              view.onSegment(s);
            }
          }), "segments");
        }
        web = WebServer.start(view, webOptions.host(), webOptions.port());
        out.println("live view: " + web.url());
        out.flush();
      } else {
        web = null;
      }
    }

    private void run(TopicTail<?> tail, String name) {
      tails.add(tail);
      Thread t = new Thread(() -> {
        try {
          tail.run();
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
          log.error("{} reader failed: {}", name, e.toString());
          done.countDown();
        }
      }, "ecgmon-alerts-" + name);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }

    /** The web server's URL, or null without --web. */
    public String webUrl() {
      return web == null ? null : web.url();
    }

    /** True once the alerts topic is attached (assigned and positioned, or subscribed). */
    public boolean alertsAttached() {
      return alerts.attached();
    }

    /** Blocks until --max-alerts is reached, a reader fails, or {@link #stop()}. */
    public void await() throws InterruptedException {
      done.await();
    }

    void stop() {
      byHook = true;
      done.countDown();
    }

    boolean stoppedByHook() {
      return byHook;
    }

    /** What ended a reader, or null. */
    public Throwable failure() {
      return failure.get();
    }

    @Override
    public void close() throws InterruptedException {
      done.countDown();
      if (web != null) {
        web.close();
      }
      tails.forEach(TopicTail::stop);
      for (Thread t : threads) {
        t.join(10_000);
      }
    }
  }
}
