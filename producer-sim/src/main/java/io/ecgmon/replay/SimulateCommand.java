package io.ecgmon.replay;

import io.ecgmon.config.ClientConfig;
import io.ecgmon.config.KafkaClientOptions;
import io.ecgmon.ptbxl.PtbxlCatalog;
import io.ecgmon.ptbxl.RecordFilter;
import io.ecgmon.synth.EcgClass;
import io.ecgmon.synth.EcgClass.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simulate}: streams live 12-lead ECG feeds onto Kafka, from PTB-XL or synthetic patients. */
@Command(name = "simulate", mixinStandardHelpOptions = true, version = "ecgmon simulate 0.1.0",
    sortOptions = false,
    description = {"Streams N patients' 12-lead ECGs onto Kafka as live feeds: EcgSegment records (Avro, "
        + "Confluent wire format) keyed by patient id, and each patient's PatientInfo on a compacted topic.",
        "With --ptbxl, replays PTB-XL (or any PTB-XL-shaped folder, e.g. from `synth`) bit for bit; "
        + "otherwise plays synthetic patients (ECGSYN model, classes NORM/MI/STTC/CD/HYP).",
        "Paced by absolute time (real time, a speed factor, or as fast as possible), with optional fault "
        + "injection. Ends when every patient's recordings or --duration are played, or on Ctrl-C "
        + "(flushing what was produced); exit status 1 when a send fails, 2 on bad options."})
public final class SimulateCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(SimulateCommand.class);

  @Mixin
  KafkaClientOptions kafka = new KafkaClientOptions();

  @Option(names = "--ptbxl", paramLabel = "DIR",
      description = "PTB-XL-shaped folder (ptbxl_database.csv + scp_statements.csv, or ptbxl_labels.csv); "
          + "without it, patients are synthetic.")
  Path ptbxl;

  @Option(names = "--fold", split = ",", paramLabel = "N", description = "PTB-XL strat_fold(s) to play.")
  List<Integer> folds = new ArrayList<>();

  @Option(names = "--ids", split = ",", paramLabel = "ID", description = "PTB-XL ecg_ids to play.")
  List<Integer> ids = new ArrayList<>();

  @Option(names = "--ids-file", paramLabel = "FILE", description = "PTB-XL ecg_ids to play, one per line.")
  Path idsFile;

  @Option(names = "--class", split = ",", paramLabel = "CLASS",
      description = "Only records (PTB-XL) or patients (synthetic) of these classes: NORM, MI, STTC, CD, HYP.")
  List<String> classes = new ArrayList<>();

  @Option(names = "--rate", defaultValue = "100", description = "Sample rate, 100 or 500 Hz (PTB-XL's records100 "
      + "or records500; default ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--once", description = "Play each patient's recordings once (synthetic: 10 s) instead of "
      + "looping.")
  boolean once;

  @Option(names = "--session-per-record", description = "Play every recording as a session of its own "
      + "(recordingId <patient>-<run>-<record>, sample indices from 0): a consumer's first window is then exactly "
      + "the recording, what an evaluation needs. Default: one continuous session per patient.")
  boolean sessionPerRecord;

  @Option(names = "--patients", defaultValue = "10", description = "Concurrent patients (default ${DEFAULT-VALUE}).")
  int patients;

  @Option(names = "--segment-seconds", defaultValue = "1", description = "Segment length (default ${DEFAULT-VALUE} s).")
  double segmentSeconds;

  @Option(names = "--speed", defaultValue = "1", paramLabel = "FACTOR|max",
      description = "1 = real time, 10 = ten times faster, 0 or max = as fast as possible (default ${DEFAULT-VALUE}).")
  String speed;

  @Option(names = "--jitter-ms", defaultValue = "0", description = "Random send delay, 0..N ms (default ${DEFAULT-VALUE}).")
  double jitterMs;

  @Option(names = "--duration", paramLabel = "TIME",
      description = "Session time to play per patient, e.g. 600, 90s, 10m, 2h (default: until the recordings "
          + "end or Ctrl-C).")
  String duration;

  @Option(names = "--seed", defaultValue = "1", description = "Seeds patients, phases, jitter and faults (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--drop-rate", defaultValue = "0", description = "Share of segments never sent.")
  double dropRate;

  @Option(names = "--duplicate-rate", defaultValue = "0", description = "Share of segments sent twice.")
  double duplicateRate;

  @Option(names = "--reorder-rate", defaultValue = "0", description = "Share of segments sent out of order.")
  double reorderRate;

  @Option(names = "--reorder-window", defaultValue = "4",
      description = "A reordered segment goes after up to N-1 later ones (default ${DEFAULT-VALUE}).")
  int reorderWindow;

  @Option(names = "--late-rate", defaultValue = "0", description = "Share of segments sent late.")
  double lateRate;

  @Option(names = "--late-seconds", defaultValue = "30", description = "How late, in session time (default ${DEFAULT-VALUE}).")
  double lateSeconds;

  @Option(names = "--corrupt-rate", defaultValue = "0",
      description = "Share of segments whose serialized bytes are damaged (the consumer's deserializer fails).")
  double corruptRate;

  @Option(names = "--nan-burst-rate", defaultValue = "0",
      description = "Per segment, chance that a burst of invalid (-32768, NaN) samples starts.")
  double nanBurstRate;

  @Option(names = "--flat-burst-rate", defaultValue = "0",
      description = "Per segment, chance that a flat-line (lead-off) burst starts.")
  double flatBurstRate;

  @Option(names = "--burst-seconds", defaultValue = "2", description = "Burst length (default ${DEFAULT-VALUE} s).")
  double burstSeconds;

  @Option(names = "--segments-topic", defaultValue = "ecg-segments", description = "Default ${DEFAULT-VALUE}.")
  String segmentsTopic;

  @Option(names = "--patient-info-topic", defaultValue = "patient-info", description = "Compacted; default ${DEFAULT-VALUE}.")
  String patientInfoTopic;

  @Option(names = "--partitions", defaultValue = "6",
      description = "Partitions of topics this command creates when missing (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--no-create-topics", description = "Do not create missing topics.")
  boolean noCreateTopics;

  @Option(names = "--threads", defaultValue = "1", description = "Worker threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--noise", defaultValue = "1.0", description = "Synthetic noise scale, 0 = clean (default ${DEFAULT-VALUE}).")
  double noise;

  @Option(names = "--progress-seconds", defaultValue = "5",
      description = "Seconds between progress lines on stderr, 0 = only the final one (default ${DEFAULT-VALUE}).")
  double progressSeconds;

  Map<String, String> env = System.getenv();

  @Spec
  CommandSpec spec;

  /** The command line that parsed these options (so errors print where picocli prints them). */
  private CommandLine cl() {
    return spec != null ? spec.commandLine() : new CommandLine(this);
  }

  @Override
  public Integer call() throws Exception {
    Simulation sim = start();
    CountDownLatch exited = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      sim.stop();
      try {
        exited.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "simulate-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Progress progress = new Progress(sim, Clock.SYSTEM, System.err);
    try {
      long every = Math.max(1, (long) (progressSeconds * 1000));
      while (!sim.await(Duration.ofMillis(progressSeconds > 0 ? every : 1000))) {
        if (progressSeconds > 0) {
          progress.print();
        }
      }
      progress.print();
      sim.close();
    } finally {
      exited.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waits for us
      }
    }
    if (sim.failure() != null) {
      System.err.println("simulate: failed: " + sim.failure());
      return 1;
    }
    return 0;
  }

  /** Validates the options, creates missing topics and starts the simulation (returns at once). */
  public Simulation start() throws Exception {
    SimulationConfig config = simulationConfig();
    List<PatientSource> sources = sources();
    Map<String, Object> client = ClientConfig.toMap(kafka.resolve(Map.of(), env));
    if (!noCreateTopics) {
      List<String> created = Topics.ensure(adminConfig(client), segmentsTopic, patientInfoTopic, partitions);
      if (!created.isEmpty()) {
        log.info("created topics {}", created);
      }
    }
    log.info("simulating {} {} patients at {} Hz, {} s segments, speed {}", sources.size(),
        ptbxl == null ? "synthetic" : "PTB-XL", rate, segmentSeconds, config.asFastAsPossible() ? "max" : speed);
    return Simulation.startOnKafka(config, sources, client);
  }

  /**
   * Refuses what {@link #start()} would refuse about the options (bad values, unknown classes, an
   * unreadable PTB-XL catalog) without touching Kafka, so a program that starts other things first
   * (the one-command demo) can fail before it starts them. Throws picocli's ParameterException.
   */
  public void validate() throws IOException {
    simulationConfig();
    sources();
  }

  /**
   * Parses {@code args} as on the command line and starts the simulation: the entry point for
   * programs (the one-command demo, end-to-end tests). Throws picocli's ParameterException on bad options.
   */
  public static Simulation start(String... args) throws Exception {
    SimulateCommand c = new SimulateCommand();
    new CommandLine(c).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return c.start();
  }


  /** The client settings without the serde's and the producer's keys, which the admin client warns about. */
  private static Map<String, Object> adminConfig(Map<String, Object> client) {
    Properties p = new Properties();
    p.putAll(client);
    Map<String, Object> a = KafkaClientOptions.kafkaOnly(p);
    a.keySet().removeIf(k -> k.startsWith("enable.idempotence") || k.startsWith("acks") || k.startsWith("linger")
        || k.startsWith("batch.") || k.startsWith("compression") || k.startsWith("max.in.flight"));
    return a;
  }

  SimulationConfig simulationConfig() {
    CommandLine cl = cl();
    double speedFactor;
    if (speed.equalsIgnoreCase("max")) {
      speedFactor = 0;
    } else {
      try {
        speedFactor = Double.parseDouble(speed);
      } catch (NumberFormatException e) {
        throw new CommandLine.ParameterException(cl, "--speed: '" + speed + "' is neither a number nor max");
      }
    }
    if (rate != 100 && rate != 500) {
      throw new CommandLine.ParameterException(cl, "--rate must be 100 or 500, not " + rate);
    }
    if (patients < 1) {
      throw new CommandLine.ParameterException(cl, "--patients must be at least 1");
    }
    try {
      FaultConfig faults = new FaultConfig(dropRate, duplicateRate, reorderRate, reorderWindow, lateRate, lateSeconds,
          corruptRate, nanBurstRate, flatBurstRate, burstSeconds);
      return SimulationConfig.defaults().withTopics(segmentsTopic, patientInfoTopic)
          .withPacing(segmentSeconds, speedFactor, jitterMs)
          .withDuration(duration == null ? 0 : parseDuration(duration)).withFaults(faults).withSeed(seed)
          .withThreads(threads).withSessionPerRecord(sessionPerRecord);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
  }

  List<PatientSource> sources() throws IOException {
    CommandLine cl = cl();
    Set<String> wanted = new LinkedHashSet<>();
    for (String c : classes) {
      String u = c.strip().toUpperCase(Locale.ROOT);
      if (!io.ecgmon.ptbxl.Superclasses.ALL.contains(u)) {
        throw new CommandLine.ParameterException(cl, "--class: unknown class '" + c + "' (NORM, MI, STTC, CD, HYP)");
      }
      wanted.add(u);
    }
    if (ptbxl == null) {
      if (!folds.isEmpty() || !ids.isEmpty() || idsFile != null) {
        throw new CommandLine.ParameterException(cl, "--fold and --ids select PTB-XL records: give --ptbxl DIR");
      }
      List<Variant> variants = new ArrayList<>();
      for (EcgClass c : EcgClass.values()) {
        if (wanted.isEmpty() || wanted.contains(c.name())) {
          variants.addAll(c.variants());
        }
      }
      // one continuous recording per patient, generated a second at a time; --once: 10 s each
      return SyntheticPatients.of(patients, seed, rate, variants, 1, noise, once ? 10 : 0);
    }
    PtbxlCatalog catalog = PtbxlCatalog.load(ptbxl);
    RecordFilter filter;
    try {
      filter = new RecordFilter(new HashSet<>(folds), parseIds(), wanted);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
    return PtbxlPatients.of(catalog, filter, rate, patients, seed, !once);
  }

  private Set<Integer> parseIds() throws IOException {
    Set<Integer> out = new HashSet<>(ids);
    if (idsFile != null) {
      for (String line : Files.readAllLines(idsFile)) {
        String s = line.strip();
        if (!s.isEmpty() && !s.startsWith("#")) {
          try {
            out.add(Integer.parseInt(s));
          } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(cl(), "--ids-file " + idsFile + ": '" + s + "' is not an ecg_id");
          }
        }
      }
    }
    return out;
  }

  /** 600, 600s, 90m, 2h, 1h30m, 500ms or ISO-8601 (PT10M) -> seconds. */
  static double parseDuration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      try {
        return Duration.parse(text.strip().toUpperCase(Locale.ROOT)).toMillis() / 1000.0;
      } catch (java.time.DateTimeException e) {
        throw new IllegalArgumentException("--duration: '" + text + "' is not an ISO-8601 duration", e);
      }
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?").matcher(t);
    double total = 0;
    int at = 0;
    while (at < t.length() && m.find(at) && m.start() == at) {
      double v = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      total += switch (unit) {
        case "ms" -> v / 1000;
        case "m" -> v * 60;
        case "h" -> v * 3600;
        default -> v;
      };
      at = m.end();
    }
    if (at != t.length() || t.isEmpty()) {
      throw new IllegalArgumentException("--duration: '" + text + "' is not a duration (e.g. 600, 90s, 10m, 2h)");
    }
    return total;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SimulateCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }
}
