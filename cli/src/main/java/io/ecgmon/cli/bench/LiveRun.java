package io.ecgmon.cli.bench;

import io.ecgmon.cli.pipeline.ClassificationReader;
import io.ecgmon.cli.pipeline.Cluster;
import io.ecgmon.cli.pipeline.PipelineTopics;
import io.ecgmon.monitor.MonitorApp;
import io.ecgmon.monitor.MonitorConfig;
import io.ecgmon.ptbxl.PtbxlCatalog;
import io.ecgmon.ptbxl.RecordFilter;
import io.ecgmon.replay.PatientSource;
import io.ecgmon.replay.PtbxlPatients;
import io.ecgmon.replay.Simulation;
import io.ecgmon.replay.SimulationConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One live run: N patients played in real time from pre-generated records into fresh topics, the
 * monitor classifying, a read_committed reader timing each window from the {@code producedAt} of the
 * segment that completed it to its arrival. Windows completed during the warm-up are not counted;
 * CPU is measured over the measured span only.
 */
public final class LiveRun {

  /** How every run of a bench is made. */
  public record Settings(int rateHz, double segmentSeconds, int durationSeconds, int warmupSeconds, int partitions,
      Path model, Map<String, String> monitorOverrides, Map<String, String> producerOverrides, int simThreads,
      long seed) {}

  /** What one run measured. Latencies in ms; CPU in ms per classified window. */
  public record Result(int patients, double dueWindowsPerSecond, long windows, double windowsPerSecond, long p50,
      long p95, long p99, long max, double processCpuMs, double monitorCpuMs, double simulatorCpuMs,
      double processCores, long heapMb, long rssMb, double loadAverage, double deadLetters, double meanBatch,
      long classifiedP50, long classifiedP99) {

    /** Kept up: at least 95 % of the due windows classified in time, and p99 under a second. */
    public boolean keptUp() {
      return windowsPerSecond >= 0.95 * dueWindowsPerSecond && p99 < 1000;
    }
  }

  private LiveRun() {}

  public static Result run(Cluster cluster, PtbxlCatalog records, Settings s, int patients, String name,
      PrintStream progress) throws Exception {
    PipelineTopics topics = PipelineTopics.prefixed("bench-" + name + "-");
    try (Admin admin = cluster.admin()) {
      topics.create(admin, s.partitions());
    }
    Path state = Files.createTempDirectory("ecgmon-bench-");
    Properties p = cluster.client();
    p.putAll(topics.monitorSettings());
    p.put("application.id", "ecgmon-bench-" + name);
    p.put("state.dir", state.toString());
    p.put(MonitorConfig.HTTP_PORT, "-1");
    p.put(MonitorConfig.MODEL_PATH, s.model().toString());
    p.putAll(s.monitorOverrides());
    MonitorConfig config = new MonitorConfig(p);
    double hop = config.hopSeconds();
    AtomicLong measured = new AtomicLong();
    AtomicLong all = new AtomicLong();
    AtomicLong lastMeasuredArrival = new AtomicLong();
    LongList latencies = new LongList();
    // producedAt -> classifiedAt: the part of the latency spent before the transaction commit
    LongList toClassified = new LongList();
    long[] span = new long[2];
    try (MonitorApp monitor = MonitorApp.start(config);
        ClassificationReader reader = new ClassificationReader(cluster.client(), topics.classifications(), (c, at) -> {
          all.incrementAndGet();
          long produced = c.getLastSegmentProducedAt().toEpochMilli();
          if (produced >= span[0] && produced < span[1]) {
            measured.incrementAndGet();
            lastMeasuredArrival.set(System.nanoTime());
            latencies.add(at - produced);
            toClassified.add(c.getClassifiedAt().toEpochMilli() - produced);
          }
        })) {
      waitRunning(monitor);
      Simulation sim = startSimulation(cluster, records, topics, s, patients);
      long start = System.currentTimeMillis();
      span[0] = start + s.warmupSeconds() * 1000L;
      span[1] = span[0] + s.durationSeconds() * 1000L;
      CpuMeter.Sample before = null;
      CpuMeter.Sample after = null;
      long classifiedBefore = 0;
      long classifiedAfter;
      long nextLine = System.currentTimeMillis() + 10_000;
      try {
        while (!sim.isDone()) {
          long now = System.currentTimeMillis();
          if (before == null && now >= span[0]) {
            before = CpuMeter.sample();
            classifiedBefore = all.get();
          }
          if (now >= nextLine) {
            progress.printf("bench %s: %d patients | %.0f s | %d segments sent | %d windows classified%n", name,
                patients, (now - start) / 1000.0, sim.counters().segments(), all.get());
            nextLine = now + 10_000;
          }
          if (sim.failure() != null) {
            throw new IllegalStateException("simulator failed: " + sim.failure(), sim.failure());
          }
          Thread.sleep(50);
        }
        after = CpuMeter.sample();
        classifiedAfter = all.get();
      } finally {
        sim.close();
      }
      if (before == null) {
        before = after;
      }
      // the last windows: wait until nothing measured has come for 3 s (at most 30 s)
      long drainUntil = System.nanoTime() + 30_000_000_000L;
      lastMeasuredArrival.compareAndSet(0, System.nanoTime());
      while (System.nanoTime() < drainUntil && System.nanoTime() - lastMeasuredArrival.get() < 3_000_000_000L) {
        Thread.sleep(100);
      }
      CpuMeter.Sample used = after.minus(before);
      // CPU per window over the windows classified while CPU was measured (when a run falls behind, the
      // measured windows are still being classified after the send ends)
      long n = Math.max(1, classifiedAfter - classifiedBefore);
      long[] l = latencies.sorted();
      long[] lc = toClassified.sorted();
      var reg = monitor.registry();
      double dead = reg.find("ecgmon.dead.letters").counters().stream().mapToDouble(c -> c.count()).sum();
      var batch = reg.find("ecgmon.inference.batch.size").summary();
      return new Result(patients, patients / hop, measured.get(), measured.get() / (double) s.durationSeconds(),
          pct(l, 0.50), pct(l, 0.95), pct(l, 0.99), l.length == 0 ? -1 : l[l.length - 1],
          1000 * used.process() / n, 1000 * used.monitor() / n, 1000 * used.simulator() / n,
          used.seconds() > 0 ? used.process() / used.seconds() : 0, CpuMeter.heapUsedBytes() >> 20,
          CpuMeter.rssBytes() >> 20, CpuMeter.loadAverage(), dead, batch == null ? 0 : batch.mean(),
          pct(lc, 0.50), pct(lc, 0.99));
    } finally {
      try (Admin admin = cluster.admin()) {
        topics.delete(admin); // frees the broker's memory and disk for the next run
      } catch (Exception ignored) {
        // the in-process broker goes away with the bench anyway
      }
      BenchCommand.deleteTree(state);
    }
  }

  static void waitRunning(MonitorApp monitor) throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (monitor.streams().state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the monitor did not reach RUNNING: " + monitor.streams().state());
      }
      Thread.sleep(100);
    }
  }

  static Simulation startSimulation(Cluster cluster, PtbxlCatalog records, PipelineTopics topics, Settings s,
      int patients) throws Exception {
    return startSimulation(cluster, records, topics, s, patients, 1.0, s.warmupSeconds() + s.durationSeconds());
  }

  static Simulation startSimulation(Cluster cluster, PtbxlCatalog records, PipelineTopics topics, Settings s,
      int patients, double speed, double seconds) throws Exception {
    SimulationConfig config = SimulationConfig.defaults().withTopics(topics.segments(), topics.patientInfo())
        .withPacing(s.segmentSeconds(), speed, 0).withDuration(seconds).withSeed(s.seed())
        .withThreads(s.simThreads());
    // pre-generated records looped per patient: a replay costs ~50 us of CPU per segment, synthesis ~265 us
    List<PatientSource> sources = PtbxlPatients.of(records, RecordFilter.ALL, s.rateHz(), patients, s.seed(), true);
    Map<String, Object> client = cluster.clientMap();
    client.putAll(s.producerOverrides());
    return Simulation.startOnKafka(config, sources, client);
  }

  static long pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(q * sorted.length) - 1))];
  }

  /** A growable, thread-safe list of longs (latencies: a million boxed Longs would weigh on the heap). */
  static final class LongList {
    private long[] values = new long[1024];
    private int size;

    synchronized void add(long v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    synchronized long[] sorted() {
      long[] out = java.util.Arrays.copyOf(values, size);
      java.util.Arrays.sort(out);
      return out;
    }
  }
}
