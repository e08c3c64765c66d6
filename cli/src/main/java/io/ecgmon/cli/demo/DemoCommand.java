package io.ecgmon.cli.demo;

import io.ecgmon.cli.Ecgmon;
import io.ecgmon.cli.ManifestVersion;
import io.ecgmon.cli.web.WebOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ecgmon demo}: the whole system in one process, printing alerts as they come, until Ctrl-C. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class, sortOptions = false,
    description = {"Runs everything in this one process: an in-process Kafka broker (KRaft) and schema registry, "
        + "the topics of ops/topics.yaml, the monitor with the shipped model, the simulator (synthetic patients, "
        + "or PTB-XL with --ptbxl) and an alert subscriber printing each alert: time (UTC), patient, kind, "
        + "classes, confidence.",
        "An alert needs 3 consecutive abnormal 10 s windows, so at real time the first ones come about 20 s "
            + "after the simulator starts (30-35 s after the command on a 2-core machine). Other ecgmon commands can join from other terminals (they default to localhost:9092 and "
            + "http://127.0.0.1:8081). Ctrl-C (or SIGTERM) stops everything in order and exits 0; a second one "
            + "halts at once. Data lives in temporary folders and is gone on exit."})
public final class DemoCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "${env:ECGMON_KAFKA_PORT:-9092}",
      description = "Kafka's client port (env ECGMON_KAFKA_PORT, default ${DEFAULT-VALUE}); 0 = any free port.")
  int kafkaPort;

  @Option(names = "--registry-port", paramLabel = "PORT", defaultValue = "${env:ECGMON_REGISTRY_PORT:-8081}",
      description = "Schema registry port (env ECGMON_REGISTRY_PORT, default ${DEFAULT-VALUE}); 0 = any free port.")
  int registryPort;

  @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "0",
      description = "The monitor's /metrics and /health port (default: any free port, shown at start).")
  int metricsPort;

  @Mixin
  WebOptions web = new WebOptions();

  @Option(names = "--patients", paramLabel = "N", defaultValue = "12",
      description = "Simulated patients (default ${DEFAULT-VALUE}: synthetic ones are NORM, MI, STTC, CD, HYP in "
          + "turn, so 9 of 12 are abnormal).")
  int patients;

  @Option(names = "--speed", defaultValue = "1", paramLabel = "FACTOR",
      description = "Simulator speed: 1 = real time (default), 10 = ten times faster.")
  String speed;

  @Option(names = "--ptbxl", paramLabel = "DIR",
      description = "Replay this PTB-XL folder (ops/download-ptbxl.sh) instead of synthetic patients.")
  Path ptbxl;

  @Option(names = "--fold", split = ",", paramLabel = "N", description = "PTB-XL strat_fold(s) to play (10 = test fold).")
  List<Integer> folds = new ArrayList<>();

  @Option(names = "--ids", split = ",", paramLabel = "ID", description = "PTB-XL ecg_ids to play.")
  List<Integer> ids = new ArrayList<>();

  @Option(names = "--class", split = ",", paramLabel = "CLASS",
      description = "Only records or synthetic patients of these classes: NORM, MI, STTC, CD, HYP.")
  List<String> classes = new ArrayList<>();

  @Option(names = "--rate", paramLabel = "HZ", defaultValue = "100", description = "Sample rate, 100 or 500 Hz (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seeds the simulated patients (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--model", paramLabel = "FILE",
      description = "ONNX model (default: model/ecgmon-ptbxl.onnx in the working directory, else the copy "
          + "packaged in the CLI).")
  Path model;

  @Option(names = "--progress-seconds", defaultValue = "30", paramLabel = "S",
      description = "Seconds between status lines on the log (stderr); 0 = none (default ${DEFAULT-VALUE}).")
  int progressSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String problem;
    try (StopSignal stop = new StopSignal()) {
      Demo demo;
      try {
        demo = Demo.start(this, out);
      } catch (CommandLine.ParameterException e) {
        // the simulator's checks of options the demo hands on: a usage error of this command
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      try (demo) {
        while ((problem = demo.problem()) == null && !stop.await(1000)) {
          demo.watch(progressSeconds * 1000L);
        }
        out.println("stopping ...");
        out.flush();
      }
      out.println("stopped");
      out.flush();
    }
    if (problem != null) {
      throw new IllegalStateException(problem);
    }
    return Ecgmon.OK;
  }

  /** The simulate options this demo passes on (Kafka's address is added by the demo). */
  List<String> simulatorArgs() {
    List<String> a = new ArrayList<>(List.of("--patients", Integer.toString(patients), "--speed", speed,
        "--rate", Integer.toString(rate), "--seed", Long.toString(seed), "--no-create-topics"));
    if (ptbxl != null) {
      a.addAll(List.of("--ptbxl", ptbxl.toString()));
    }
    if (!folds.isEmpty()) {
      a.addAll(List.of("--fold", join(folds)));
    }
    if (!ids.isEmpty()) {
      a.addAll(List.of("--ids", join(ids)));
    }
    if (!classes.isEmpty()) {
      a.addAll(List.of("--class", join(classes)));
    }
    return a;
  }

  private static String join(List<?> values) {
    return String.join(",", values.stream().map(String::valueOf).toList());
  }

  public static void main(String[] args) {
    String[] all = new String[args.length + 1];
    all[0] = "demo";
    System.arraycopy(args, 0, all, 1, args.length);
    System.exit(Ecgmon.commandLine().execute(all));
  }
}
