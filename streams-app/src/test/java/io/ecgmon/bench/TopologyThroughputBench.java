package io.ecgmon.bench;

import io.ecgmon.avro.EcgSegment;
import io.ecgmon.inference.Classifier;
import io.ecgmon.inference.OnnxClassifier;
import io.ecgmon.inference.Provider;
import io.ecgmon.monitor.MonitorConfig;
import io.ecgmon.testkit.FakeClassifier;
import io.ecgmon.testkit.MonitorDriver;
import io.ecgmon.testkit.SyntheticEcg;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The processing cost of the topology alone, on one thread, without a broker: segments piped through
 * a TopologyTestDriver (real RocksDB stores), with the real model or a no-op classifier. Separates
 * what the monitor itself costs per segment and per window from the broker, the producer and the
 * machine's other load.
 */
@Command(name = "topology-throughput-bench", mixinStandardHelpOptions = true)
public final class TopologyThroughputBench implements java.util.concurrent.Callable<Integer> {

  @Option(names = "--patients", defaultValue = "200") int patients;
  @Option(names = "--seconds", defaultValue = "60") int seconds;
  @Option(names = "--rate", defaultValue = "100") int rate;
  @Option(names = "--model", description = "real model file; none = a classifier that returns at once")
  Path model;
  @Option(names = "--batch", defaultValue = "32") int batch;

  public static void main(String[] args) {
    System.exit(new CommandLine(new TopologyThroughputBench()).execute(args));
  }

  @Override
  public Integer call() {
    Classifier classifier = model == null ? new FakeClassifier() : OnnxClassifier.open(model, Provider.CPU, 1);
    short[][][][] signals = new short[16][10][][];
    for (int s = 0; s < signals.length; s++) {
      for (int sec = 0; sec < 10; sec++) {
        signals[s][sec] = new SyntheticEcg(s).counts((long) sec * rate, rate, rate);
      }
    }
    try (MonitorDriver d = new MonitorDriver(classifier, Map.of(MonitorConfig.BATCH_MAX_SIZE,
        Integer.toString(batch)))) {
      List<byte[]> encoded = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      for (int sec = 0; sec < seconds; sec++) {
        for (int i = 0; i < patients; i++) {
          EcgSegment seg = SyntheticEcg.segment("p" + i, "r", rate, (long) sec * rate, signals[i % 16][sec % 10], 0, 0);
          encoded.add(d.avro("ecg-segments", seg));
          keys.add("p" + i);
        }
      }
      var threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long cpu0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (int i = 0; i < encoded.size(); i++) {
        d.sendRaw(keys.get(i), encoded.get(i));
      }
      d.advanceWallClock(java.time.Duration.ofSeconds(1));
      double s = (System.nanoTime() - t0) / 1e9;
      double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
      double windows = d.counter("ecgmon.windows", "outcome", "classified");
      var reg = d.registry;
      System.out.printf("%s: %d segments in %.1f s wall, %.1f s CPU of this thread = %.0f segments and %.1f windows "
          + "per CPU second; per window: features %.2f ms, inference %.2f ms (mean batch %.1f)%n",
          model == null ? "no-op classifier" : "real model", encoded.size(), s, cpu, encoded.size() / cpu,
          windows / cpu, reg.get("ecgmon.features").timer().mean(java.util.concurrent.TimeUnit.MILLISECONDS),
          reg.get("ecgmon.inference").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) / windows,
          reg.get("ecgmon.inference.batch.size").summary().mean());
    } finally {
      classifier.close();
    }
    return 0;
  }
}
