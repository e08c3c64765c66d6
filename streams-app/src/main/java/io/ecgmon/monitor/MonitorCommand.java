package io.ecgmon.monitor;

import io.ecgmon.config.KafkaClientOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code monitor}: runs the stream processor until Ctrl-C (or SIGTERM), then shuts down gracefully. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = {
        "Windows ECG segments per patient, runs the ONNX model and publishes classifications, alerts and "
            + "dead letters (Kafka Streams, exactly-once by default).",
        "Settings: Kafka Streams/consumer/producer properties by their names, and:"},
    footerHeading = "%nEnvironment:%n",
    footer = {
        "  ECGMON_<PROPERTY> sets a property (ECGMON_BOOTSTRAP_SERVERS -> bootstrap.servers;",
        "  _ -> ., __ -> _, ___ -> -); ecgmon.* keys also without the prefix: ECGMON_HOP_SECONDS.",
        "Layers, later wins: defaults < --config file < environment < -b, -r, --model < --property.",
        "HTTP: /metrics (Prometheus), /health/live, /health/ready on ecgmon.http.port."})
public final class MonitorCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(MonitorCommand.class);

  @Mixin
  KafkaClientOptions kafka = new KafkaClientOptions();

  @Option(names = "--model", paramLabel = "FILE",
      description = "ONNX model file (ecgmon.model.path; default: model/ecgmon-ptbxl.onnx in the working "
          + "directory, else the copy packaged in the jar)")
  Path model;

  @Option(names = "--list-settings", description = "print every ecgmon.* setting with its default and exit")
  boolean listSettings;

  @Override
  public Integer call() throws Exception {
    if (listSettings) {
      MonitorConfig.ECGMON_KEYS.forEach((k, v) -> System.out.printf("%-34s %-26s %s%n", k,
          v[0].isEmpty() ? "(unset)" : v[0], v[1]));
      return 0;
    }
    Map<String, String> overrides = kafka.overrides();
    if (model != null) {
      overrides.put(MonitorConfig.MODEL_PATH, model.toString());
    }
    MonitorConfig cfg = MonitorConfig.load(kafka.configFile(), System.getenv(), overrides);
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    // SIGTERM/Ctrl-C: let the main thread close the app (commit, leave the group), then exit
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.countDown();
      try {
        closed.await(45, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "ecgmon-shutdown"));
    try (MonitorApp app = MonitorApp.start(cfg)) {
      long start = System.currentTimeMillis();
      double last = 0;
      while (!stop.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
        double classified = app.registry().find("ecgmon.windows").tag("outcome", "classified").counters().stream()
            .mapToDouble(c -> c.count()).sum();
        log.info("{} s: {} windows classified ({} /s over the last 30 s), state {}",
            (System.currentTimeMillis() - start) / 1000, (long) classified, String.format("%.1f",
                (classified - last) / 30), app.streams().state());
        last = classified;
      }
    } finally {
      closed.countDown();
    }
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new MonitorCommand()).execute(args));
  }
}
