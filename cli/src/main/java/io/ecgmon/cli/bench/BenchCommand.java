package io.ecgmon.cli.bench;

import io.ecgmon.config.KafkaClientOptions;
import io.ecgmon.cli.pipeline.Cluster;
import io.ecgmon.ptbxl.PtbxlCatalog;
import io.ecgmon.replay.FeedRecord;
import io.ecgmon.replay.PtbxlPatients;
import io.ecgmon.synth.PtbxlFolderWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ecgmon bench}: the end-to-end benchmark. An in-process broker and registry, the monitor with
 * the real model, N simulated patients in real time (pre-generated synthetic records, replayed), and a
 * read_committed reader; reports windows/s, latency percentiles, CPU and memory. {@code --sweep} repeats
 * it for several N to find where it stops keeping up; {@code --compare} adds the Python consumer and the
 * pure ONNX Runtime ceiling on the same data. A report, not a test: figures depend on the machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"End-to-end benchmark on an in-process broker (or --cluster): N patients at 100 Hz in real "
        + "time through the monitor; windows/s, latency p50/p95/p99 from the segment that completes a window to "
        + "its classification (read_committed), CPU per window (process, monitor threads, simulator) and memory.",
        "--sweep 100,300,1000 finds the saturation point (windows/s below 95%% of the due rate, or p99 >= 1 s).",
        "--compare also classifies one backlog with the monitor and with the Python baseline consumer, and "
            + "measures pure ONNX Runtime (the ceiling), with ratios."})
public final class BenchCommand implements Callable<Integer> {

  @Mixin
  KafkaClientOptions client = new KafkaClientOptions();

  @Option(names = "--patients", defaultValue = "1000", description = "Patients (default ${DEFAULT-VALUE}).")
  int patients;

  @Option(names = "--sweep", split = ",", paramLabel = "N", description = "Patient counts to run in turn.")
  List<Integer> sweep = new ArrayList<>();

  @Option(names = "--duration", defaultValue = "60", description = "Measured seconds per run (default ${DEFAULT-VALUE}).")
  int duration;

  @Option(names = "--warmup", defaultValue = "20", description = "Seconds before measuring (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--partitions", defaultValue = "4", description = "Partitions (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--records", defaultValue = "200",
      description = "Synthetic 10 s records generated once and looped by the patients (default ${DEFAULT-VALUE}).")
  int records;

  @Option(names = "--rate", defaultValue = "100", description = "100 or 500 Hz (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--segment-seconds", defaultValue = "1", description = "Segment length (default ${DEFAULT-VALUE} s).")
  double segmentSeconds;

  @Option(names = "--sim-threads", defaultValue = "1", description = "Simulator workers (default ${DEFAULT-VALUE}).")
  int simThreads;

  @Option(names = "--model", defaultValue = "model/ecgmon-ptbxl.onnx", description = "Default ${DEFAULT-VALUE}.")
  Path model;

  @Option(names = {"-m", "--monitor-property"}, paramLabel = "KEY=VALUE",
      description = "A monitor setting, e.g. -m num.stream.threads=2 -m ecgmon.batch.max.size=1.")
  Map<String, String> monitorProperties = new LinkedHashMap<>();

  @Option(names = "--producer-property", paramLabel = "KEY=VALUE", description = "A simulator producer setting.")
  Map<String, String> producerProperties = new LinkedHashMap<>();

  @Option(names = "--compare", description = "Also the Python consumer and the ONNX Runtime ceiling.")
  boolean compare;

  @Option(names = "--compare-patients", description = "Patients of the compared backlog (default: --patients).")
  Integer comparePatients;

  @Option(names = "--compare-seconds", defaultValue = "60",
      description = "Seconds per patient of the compared backlog (default ${DEFAULT-VALUE}).")
  int compareSeconds;

  @Option(names = "--python", paramLabel = "PATH",
      description = "Python with model/requirements.txt (default $ECGMON_PYTHON, else .venv/bin/python).")
  Path python;

  @Option(names = "--no-live", description = "Skip the live runs (with --compare: only the comparison).")
  boolean noLive;

  @Option(names = "--cluster", description = "Use the cluster of --bootstrap-servers/--schema-registry-url.")
  boolean cluster;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    java.io.PrintStream progress = System.err;
    List<Integer> counts = sweep.isEmpty() ? List.of(patients) : sweep;
    Path data = Files.createTempDirectory("ecgmon-bench-records-");
    Map<String, Object> report = new LinkedHashMap<>();
    try {
      PtbxlFolderWriter.write(data, new PtbxlFolderWriter.Spec(records, 5, PtbxlFolderWriter.allVariants(), rate == 100,
          rate == 500, 10, 1.0, List.of()), i -> { });
      PtbxlCatalog catalog = PtbxlCatalog.load(data);
      LiveRun.Settings s = new LiveRun.Settings(rate, segmentSeconds, duration, warmup, partitions, model,
          monitorProperties, producerProperties, simThreads, 5);
      out.printf(Locale.ROOT, "machine: %d cores, load average %.1f at the start; monitor settings %s%n",
          Runtime.getRuntime().availableProcessors(), CpuMeter.loadAverage(), monitorProperties);
      out.flush();
      List<LiveRun.Result> results = new ArrayList<>();
      List<Comparison.Contender> contenders = List.of();
      List<Ceiling.Result> ceiling = List.of();
      try (Cluster c = cluster ? Cluster.given(client.resolve(Map.of())) : Cluster.inProcess()) {
        if (!noLive) {
          for (int i = 0; i < counts.size(); i++) {
            LiveRun.Result r = LiveRun.run(c, catalog, s, counts.get(i), counts.get(i) + "-" + i, progress);
            results.add(r);
            printLive(out, List.of(r), i == 0);
          }
        }
        if (compare) {
          Path py = pythonPath();
          contenders = Comparison.run(c, catalog, s, comparePatients != null ? comparePatients : counts.get(0),
              compareSeconds, py, repoFile("model"), progress);
        }
      }
      if (compare) {
        ceiling = Ceiling.measure(model, window(catalog), 10, Integer.parseInt(
            monitorProperties.getOrDefault("ecgmon.inference.threads", "1")));
      }
      out.println();
      if (!results.isEmpty()) {
        out.println("live runs:");
        printLive(out, results, true);
        LiveRun.Result lastOk = null;
        LiveRun.Result firstBad = null;
        for (LiveRun.Result r : results) {
          if (r.keptUp() && firstBad == null) {
            lastOk = r;
          } else if (!r.keptUp() && firstBad == null) {
            firstBad = r;
          }
        }
        out.printf("saturation: %s%n", firstBad == null ? "not reached (every run kept up)"
            : "between " + (lastOk == null ? "0" : lastOk.patients()) + " and " + firstBad.patients() + " patients");
      }
      if (compare) {
        printComparison(out, contenders, ceiling);
      }
      report.put("live", results);
      report.put("compare", contenders);
      report.put("ceiling", ceiling);
      if (json != null) {
        new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules()
            .writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
      }
      out.flush();
      return 0;
    } finally {
      deleteTree(data);
    }
  }

  private static void printLive(PrintWriter out, List<LiveRun.Result> results, boolean header) {
    if (header) {
      out.printf("%8s %9s %9s %8s %8s %8s %8s %11s %9s %9s %9s %7s %7s %7s %5s %6s%n", "patients", "due w/s",
          "windows/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "classified", "CPU ms/w", "monitor", "simulator", "cores", "heap MB", "RSS MB",
          "load", "kept");
    }
    for (LiveRun.Result r : results) {
      out.printf(Locale.ROOT, "%8d %9.1f %9.1f %8d %8d %8d %8d %11s %9.2f %9.2f %9.2f %7.2f %7d %7d %5.1f %6s%n",
          r.patients(), r.dueWindowsPerSecond(), r.windowsPerSecond(), r.p50(), r.p95(), r.p99(), r.max(),
          r.classifiedP50() + "/" + r.classifiedP99(),
          r.processCpuMs(), r.monitorCpuMs(), r.simulatorCpuMs(), r.processCores(), r.heapMb(), r.rssMb(),
          r.loadAverage(), r.keptUp() ? "yes" : "NO");
    }
    out.flush();
  }

  private static void printComparison(PrintWriter out, List<Comparison.Contender> cs, List<Ceiling.Result> ceiling) {
    out.println();
    out.println("same backlog, as fast as each can (one intra-op thread each):");
    out.printf("%-80s %8s %8s %10s %11s %11s%n", "contender", "windows", "seconds", "windows/s", "CPU ms/w",
        "broker ms/w");
    for (Comparison.Contender c : cs) {
      out.printf(Locale.ROOT, "%-80s %8d %8.1f %10.1f %11.2f %11.2f%n", c.name(), c.windows(), c.seconds(),
          c.windowsPerSecond(), c.cpuMsPerWindow(), c.brokerCpuMsPerWindow());
    }
    out.println("ceiling (no Kafka, one thread):");
    for (Ceiling.Result r : ceiling) {
      out.printf(Locale.ROOT, "%-80s %8s %8s %10.1f %11.2f%n", r.what() + (r.batch() > 0 ? ", batch " + r.batch()
          : ""), "", "", r.windowsPerSecond(), r.cpuMsPerWindow());
    }
    if (cs.size() >= 2 && cs.get(1).windowsPerSecond() > 0) {
      out.printf(Locale.ROOT, "ratios: monitor / Python windows/s %.2f; Python / monitor CPU per window %.2f%n",
          cs.get(0).windowsPerSecond() / cs.get(1).windowsPerSecond(),
          cs.get(1).cpuMsPerWindow() / cs.get(0).cpuMsPerWindow());
    }
    if (!cs.isEmpty() && ceiling.size() >= 3) {
      double floor = ceiling.get(0).cpuMsPerWindow() + ceiling.get(2).cpuMsPerWindow();
      out.printf(Locale.ROOT, "ratio: monitor CPU per window / (features + batched inference alone) %.2f%n",
          cs.get(0).cpuMsPerWindow() / floor);
    }
    out.flush();
  }

  /** The first record of the catalog, 10 s in mV, leads in the feature spec's order (as stored). */
  private double[][] window(PtbxlCatalog catalog) throws Exception {
    var r = catalog.records().get(0);
    FeedRecord f = PtbxlPatients.feedRecord(catalog.recordPath(r, rate), rate, r.superclasses(),
        FeedRecord.Demographics.UNKNOWN);
    var spec = io.ecgmon.features.FeatureSpec.load();
    double[][] mv = new double[spec.leads().size()][];
    for (int l = 0; l < mv.length; l++) {
      int from = f.leads().indexOf(spec.leads().get(l));
      mv[l] = new double[spec.windowSamples()];
      for (int i = 0; i < mv[l].length; i++) {
        mv[l][i] = (f.counts()[from][i] - f.baseline()[from]) / (double) f.gainPerMv()[from];
      }
    }
    return mv;
  }

  private Path pythonPath() {
    if (python != null) {
      return python;
    }
    String env = System.getenv("ECGMON_PYTHON");
    return env != null ? Path.of(env) : repoFile(".venv/bin/python");
  }

  /** A path of the repository: relative to the working directory (the launcher runs from the root). */
  private Path repoFile(String relative) {
    Path root = model.toAbsolutePath().getParent().getParent();
    return root.resolve(relative);
  }

  static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (Exception e) {
      // a temp folder left behind is harmless
    }
  }
}
