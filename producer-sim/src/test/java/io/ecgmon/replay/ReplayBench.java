package io.ecgmon.replay;

import io.ecgmon.broker.EmbeddedKafka;
import io.ecgmon.registry.server.SchemaRegistryServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Benchmark (not a test): {@code simulate} as fast as possible into an in-process broker and schema
 * registry in this JVM. Reports segments/s, MB/s, samples/s and CPU: the whole process (simulator and
 * broker together, in cores) and the simulator's own threads (workers + producer I/O).
 *
 * <pre>
 *   mvn -B -ntp -q -pl producer-sim -am package -DskipTests
 *   java -cp producer-sim/target/test-classes:producer-sim/target/classes:$(cat producer-sim/target/test-classpath.txt) \
 *     io.ecgmon.replay.ReplayBench --patients 1000 --duration 600 [-- any simulate option]
 * </pre>
 */
@Command(name = "replay-bench", mixinStandardHelpOptions = true,
    description = "As-fast-as-possible simulate into an in-process Kafka: segments/s, MB/s, CPU.")
public final class ReplayBench implements Callable<Integer> {

  @Option(names = "--patients", defaultValue = "1000")
  int patients;

  @Option(names = "--duration", defaultValue = "600", description = "Session seconds per patient.")
  String duration;

  @CommandLine.Parameters(description = "More simulate options (after --), e.g. --ptbxl DIR --rate 500 --threads 2")
  List<String> extra = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(1);
        SchemaRegistryServer registry = SchemaRegistryServer.start(Map.of("bootstrap.servers", kafka.bootstrapServers()),
            "localhost", 0, "_schemas")) {
      List<String> args = new java.util.ArrayList<>(List.of("--patients", Integer.toString(patients), "--duration",
          duration, "--speed", "max", "-b", kafka.bootstrapServers(), "-r", registry.url(), "--progress-seconds", "0",
          "--partitions", "6"));
      args.addAll(extra);
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      Simulation sim = SimulateCommand.start(args.toArray(String[]::new));
      long started = System.nanoTime();
      Map<Long, Long> simCpuAtStart = simThreadCpu(threads);
      Progress progress = new Progress(sim, Clock.SYSTEM, System.err);
      Map<Long, Long> simCpu = new HashMap<>(simCpuAtStart);
      while (!sim.await(Duration.ofSeconds(10))) {
        progress.print();
        simCpu.putAll(simThreadCpu(threads));
      }
      simCpu.putAll(simThreadCpu(threads));
      long t1 = System.nanoTime();
      long cpu1 = os.getProcessCpuTime();
      sim.close();
      if (sim.failure() != null) {
        System.err.println("failed: " + sim.failure());
        return 1;
      }
      Counters.Snapshot c = sim.counters();
      double wall = (t1 - started) / 1e9;
      double simCores = simCpu.entrySet().stream().mapToLong(e -> e.getValue() - simCpuAtStart.getOrDefault(e.getKey(), 0L))
          .sum() / 1e9 / wall;
      System.out.println(String.format(Locale.ROOT, "replay-bench: %d patients x %s s session, %s", patients, duration,
          String.join(" ", extra)));
      System.out.println(String.format(Locale.ROOT,
          "  %d segments (%d samples) in %.1f s (+%.1f s start-up): %.0f segments/s, %.2f MB/s, %.2f M samples/s",
          c.segments(), c.samples(), wall, (started - t0) / 1e9, c.segments() / wall, c.bytes() / wall / 1e6,
          c.samples() / wall / 1e6));
      System.out.println(String.format(Locale.ROOT,
          "  CPU: process (simulator + broker) %.2f cores (%.0f%% of one), simulator threads %.2f cores; "
              + "%d cores available; %.0f x real time per patient",
          (cpu1 - cpu0) / 1e9 / ((t1 - t0) / 1e9), 100 * (cpu1 - cpu0) / 1e9 / ((t1 - t0) / 1e9), simCores,
          Runtime.getRuntime().availableProcessors(), c.signalSeconds() / wall));
      return 0;
    }
  }

  /** CPU time (ns) of the simulator's threads: workers and the producer's I/O thread. */
  private static Map<Long, Long> simThreadCpu(ThreadMXBean threads) {
    Map<Long, Long> out = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && (info.getThreadName().startsWith("ecgmon-sim")
          || info.getThreadName().contains("ecgmon-producer-sim"))) {
        long t = threads.getThreadCpuTime(info.getThreadId());
        if (t > 0) {
          out.put(info.getThreadId(), t);
        }
      }
    }
    return out;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ReplayBench()).execute(args));
  }
}
