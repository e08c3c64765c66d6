package io.ecgmon.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecgmon.cli.pipeline.ClassificationReader;
import io.ecgmon.cli.pipeline.Cluster;
import io.ecgmon.cli.pipeline.PipelineTopics;
import io.ecgmon.monitor.MonitorApp;
import io.ecgmon.monitor.MonitorConfig;
import io.ecgmon.ptbxl.PtbxlCatalog;
import io.ecgmon.replay.Simulation;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The alternatives side by side on the same broker, model and data: one backlog of segments (N
 * patients, S seconds each, produced as fast as possible before anyone reads) is classified once by
 * the monitor and once by the straightforward Python consumer ({@code ecgmon_model.stream_baseline}:
 * confluent-kafka, numpy FFT, onnxruntime), each as fast as it can; the pure ONNX Runtime figures
 * ({@link Ceiling}) bound what any of them could do.
 */
public final class Comparison {

  /** One contender's capacity on the backlog. CPU is the contender's own; the broker's is apart. */
  public record Contender(String name, long windows, double seconds, double windowsPerSecond, double cpuMsPerWindow,
      double brokerCpuMsPerWindow, String note) {}

  private Comparison() {}

  public static List<Contender> run(Cluster cluster, PtbxlCatalog records, LiveRun.Settings s, int patients,
      int seconds, Path python, Path modelDir, PrintStream progress) throws Exception {
    PipelineTopics topics = PipelineTopics.prefixed("bench-compare-");
    String pythonOut = topics.classifications() + "-python";
    try (Admin admin = cluster.admin()) {
      topics.create(admin, s.partitions());
      admin.createTopics(List.of(new NewTopic(pythonOut, Optional.of(s.partitions()), Optional.empty()))).all().get();
    }
    progress.printf("bench compare: producing the backlog: %d patients x %d s%n", patients, seconds);
    Simulation sim = LiveRun.startSimulation(cluster, records, topics, s, patients, 0, seconds);
    if (!sim.await(Duration.ofMinutes(30)) || sim.failure() != null) {
      throw new IllegalStateException("producing the backlog failed: " + sim.failure());
    }
    sim.close();
    long expected = (long) patients * (Math.max(0, seconds - 10) / 5 + 1);
    List<Contender> out = new ArrayList<>();
    out.add(monitor(cluster, topics, s, expected, progress));
    if (python != null) {
      out.add(python(cluster, topics, pythonOut, python, modelDir, s, expected, progress));
    }
    return out;
  }

  private static Contender monitor(Cluster cluster, PipelineTopics topics, LiveRun.Settings s, long expected,
      PrintStream progress) throws Exception {
    Path state = Files.createTempDirectory("ecgmon-bench-");
    Properties p = cluster.client();
    p.putAll(topics.monitorSettings());
    p.put("application.id", "ecgmon-bench-compare");
    p.put("state.dir", state.toString());
    p.put(MonitorConfig.HTTP_PORT, "-1");
    p.put(MonitorConfig.MODEL_PATH, s.model().toString());
    p.put(MonitorConfig.IDLE_TIMEOUT_MS, Long.toString(Duration.ofDays(1).toMillis()));
    p.putAll(s.monitorOverrides());
    AtomicLong windows = new AtomicLong();
    AtomicLong last = new AtomicLong(System.nanoTime());
    try (MonitorApp monitor = MonitorApp.start(new MonitorConfig(p));
        ClassificationReader reader = new ClassificationReader(cluster.client(), topics.classifications(), (c, t) -> {
          windows.incrementAndGet();
          last.set(System.nanoTime());
        })) {
      LiveRun.waitRunning(monitor);
      CpuMeter.Sample before = CpuMeter.sample();
      long nextLine = System.nanoTime() + 10_000_000_000L;
      while (windows.get() < expected && System.nanoTime() - last.get() < 30_000_000_000L) {
        if (System.nanoTime() > nextLine) {
          progress.printf("bench compare: monitor %d/%d windows%n", windows.get(), expected);
          nextLine = System.nanoTime() + 10_000_000_000L;
        }
        Thread.sleep(50);
      }
      CpuMeter.Sample used = CpuMeter.sample().minus(before);
      double wall = (last.get() - before.nanos()) / 1e9;
      long n = Math.max(1, windows.get());
      return new Contender("ecgmon monitor (Kafka Streams, exactly once, Java features + ONNX Runtime)",
          windows.get(), wall, windows.get() / wall, 1000 * used.monitor() / n,
          1000 * (used.process() - used.monitor()) / n, "stream threads' CPU; broker + reader + JIT/GC apart");
    } finally {
      BenchCommand.deleteTree(state);
    }
  }

  private static Contender python(Cluster cluster, PipelineTopics topics, String output, Path python, Path modelDir,
      LiveRun.Settings s, long expected, PrintStream progress) throws Exception {
    progress.printf("bench compare: Python baseline on the same backlog%n");
    Path log = Files.createTempFile("ecgmon-bench-python-", ".log");
    List<String> cmd = List.of(python.toString(), "-m", "ecgmon_model.stream_baseline",
        "--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry-url", cluster.schemaRegistryUrl(),
        "--segments-topic", topics.segments(), "--patient-topic", topics.patientInfo(), "--output-topic", output,
        "--max-windows", Long.toString(expected), "--idle-seconds", "30",
        "--threads", s.monitorOverrides().getOrDefault(MonitorConfig.INFERENCE_THREADS, "1"));
    CpuMeter.Sample before = CpuMeter.sample();
    Process proc = new ProcessBuilder(cmd).directory(modelDir.toFile()).redirectError(log.toFile()).start();
    String stdout = new String(proc.getInputStream().readAllBytes());
    if (!proc.waitFor(60, TimeUnit.MINUTES) || proc.exitValue() != 0) {
      throw new IllegalStateException("the Python baseline failed (" + log + "): " + tail(log));
    }
    CpuMeter.Sample used = CpuMeter.sample().minus(before);
    JsonNode r = new ObjectMapper().readTree(stdout.substring(stdout.indexOf('{')));
    long n = Math.max(1, r.get("windows").asLong());
    return new Contender("Python consumer (confluent-kafka + numpy FFT + onnxruntime), at most once",
        r.get("windows").asLong(), r.get("seconds").asDouble(), r.get("windows_per_s").asDouble(),
        1000 * r.get("cpu_seconds").asDouble() / n, 1000 * used.process() / n,
        "process CPU (max RSS " + r.get("max_rss_mb").asText() + " MB); broker's apart");
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (Exception e) {
      return "";
    }
  }

  static Map<String, Object> asMap(Contender c) {
    return Map.of("name", c.name(), "windows", c.windows(), "seconds", c.seconds(), "windows_per_s",
        c.windowsPerSecond(), "cpu_ms_per_window", c.cpuMsPerWindow(), "broker_cpu_ms_per_window",
        c.brokerCpuMsPerWindow());
  }
}
