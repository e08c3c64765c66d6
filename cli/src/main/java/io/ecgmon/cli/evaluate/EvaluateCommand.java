package io.ecgmon.cli.evaluate;

import io.ecgmon.config.KafkaClientOptions;
import io.ecgmon.cli.pipeline.Cluster;
import io.ecgmon.ptbxl.PtbxlCatalog;
import io.ecgmon.ptbxl.PtbxlRecord;
import io.ecgmon.ptbxl.RecordFilter;
import io.ecgmon.ptbxl.Superclasses;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ecgmon evaluate}: the model's figures measured through the live pipeline. PTB-XL records are
 * replayed through the real simulator, broker, schema registry and monitor topology; their
 * classifications are joined to the ground truth they carry and scored exactly as the offline
 * evaluation ({@code model/ecgmon_model/evaluate.py}) scores the same records, so the two can be compared.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Evaluates the model through the live pipeline: replays PTB-XL records (each as its own "
        + "session, so the first 10 s window is the record) through the simulator, Kafka and the monitor "
        + "topology, joins the classifications to ground truth and prints macro AUC, per-class AUC, F1, "
        + "accuracy and a confusion summary; writes evaluation.json, roc.png and report.html.",
        "Runs on an in-process broker and registry unless --cluster is given. Not a medical device."})
public final class EvaluateCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(EvaluateCommand.class);

  @Mixin
  KafkaClientOptions client = new KafkaClientOptions();

  @Option(names = "--ptbxl", required = true, paramLabel = "DIR",
      description = "PTB-XL-shaped folder (ptbxl_database.csv + scp_statements.csv, or ptbxl_labels.csv).")
  Path ptbxl;

  @Option(names = "--fold", split = ",", paramLabel = "N", description = "strat_fold(s) to evaluate (default 10).")
  List<Integer> folds = new ArrayList<>();

  @Option(names = "--ids", split = ",", paramLabel = "ID", description = "Only these ecg_ids (with or without --fold).")
  List<Integer> ids = new ArrayList<>();

  @Option(names = "--ids-file", paramLabel = "FILE", description = "Only the ecg_ids in FILE, one per line.")
  Path idsFile;

  @Option(names = "--rate", defaultValue = "100", description = "100 (records100) or 500 Hz (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--model", defaultValue = "model/ecgmon-ptbxl.onnx", description = "Default ${DEFAULT-VALUE}.")
  Path model;

  @Option(names = "--out", defaultValue = "evaluation", paramLabel = "DIR",
      description = "Where evaluation.json, roc.png and report.html go (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--cluster", description = "Use the cluster and registry of --bootstrap-servers and "
      + "--schema-registry-url (topics ecgmon-eval-<run>-*, deleted afterwards) instead of an in-process one.")
  boolean cluster;

  @Option(names = "--keep-topics", description = "With --cluster: keep this run's topics.")
  boolean keepTopics;

  @Option(names = "--segment-seconds", defaultValue = "1", description = "Segment length (default ${DEFAULT-VALUE} s).")
  double segmentSeconds;

  @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the run's topics (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--timeout", defaultValue = "3600", description = "Give up after this many seconds (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = {"-m", "--monitor-property"}, paramLabel = "KEY=VALUE",
      description = "A setting of the monitor (ecgmon.* or Kafka Streams), e.g. -m num.stream.threads=2.")
  Map<String, String> monitorProperties = new LinkedHashMap<>();

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (rate != 100 && rate != 500) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be 100 or 500");
    }
    Set<Integer> wanted = new HashSet<>(ids);
    if (idsFile != null) {
      for (String line : Files.readAllLines(idsFile)) {
        if (!line.isBlank() && !line.strip().startsWith("#")) {
          wanted.add(Integer.parseInt(line.strip()));
        }
      }
    }
    Set<Integer> foldSet = new HashSet<>(folds.isEmpty() && wanted.isEmpty() ? List.of(10) : folds);
    PtbxlCatalog catalog = PtbxlCatalog.load(ptbxl);
    List<PtbxlRecord> records = StreamingEvaluation.select(catalog, new RecordFilter(foldSet, wanted, Set.of()), rate);
    if (records.isEmpty()) {
      throw new IllegalArgumentException("no labelled " + rate + " Hz record of fold(s) " + foldSet
          + (wanted.isEmpty() ? "" : " and the given ids") + " under " + ptbxl);
    }
    PrintStream err = System.err;
    err.printf("evaluate: %d labelled records of fold(s) %s, %s%n", records.size(), foldSet.isEmpty() ? "any" : foldSet,
        cluster ? "on the cluster at " + client.resolve(Map.of()).getProperty("bootstrap.servers")
            : "on an in-process broker");
    StreamingEvaluation.Settings settings = new StreamingEvaluation.Settings(rate, segmentSeconds, partitions, model,
        Duration.ofSeconds(timeoutSeconds), keepTopics, monitorProperties);
    StreamingEvaluation.Outcome outcome;
    try (Cluster c = cluster ? Cluster.given(client.resolve(Map.of())) : Cluster.inProcess()) {
      outcome = StreamingEvaluation.run(c, catalog, records, settings, err);
    }
    return report(outcome, records.size(), foldSet);
  }

  private int report(StreamingEvaluation.Outcome outcome, int selected, Set<Integer> foldSet) throws Exception {
    List<String> labels = Superclasses.ALL.stream().toList();
    List<StreamingEvaluation.Scored> scored = outcome.scored();
    boolean[][] truth = new boolean[scored.size()][labels.size()];
    float[][] probs = new float[scored.size()][labels.size()];
    long metadataMissing = 0;
    long truthDisagrees = 0;
    for (int i = 0; i < scored.size(); i++) {
      StreamingEvaluation.Scored s = scored.get(i);
      for (int c = 0; c < labels.size(); c++) {
        truth[i][c] = s.groundTruth().contains(labels.get(c));
        Float p = s.probabilities().get(labels.get(c));
        probs[i][c] = p == null ? Float.NaN : p;
      }
      if (!new HashSet<>(s.groundTruth()).equals(new HashSet<>(s.record().superclasses()))) {
        truthDisagrees++;
      }
      if (s.quality().contains("METADATA_MISSING")) {
        metadataMissing++;
      }
    }
    if (truthDisagrees > 0) {
      log.warn("{} classifications carried ground truth other than the catalog's", truthDisagrees);
    }
    float[] thresholds = new float[labels.size()];
    for (int c = 0; c < labels.size(); c++) {
      thresholds[c] = thresholdOf(scored, labels.get(c));
    }
    Metrics.Report r = Metrics.evaluate(labels, truth, probs, thresholds);
    String title = String.format("%s v%s through the pipeline on fold(s) %s%s", outcome.modelName(),
        outcome.modelVersion(), foldSet.isEmpty() ? "any" : foldSet, rate == 500 ? " (500 Hz)" : "");
    EvaluationReport.Context ctx = new EvaluationReport.Context(title, outcome.modelName() + " " + outcome.modelVersion(),
        selected, outcome.missing().size(), metadataMissing, outcome.classifications(), outcome.seconds(),
        "ecgmon evaluate " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    PrintWriter o = spec.commandLine().getOut();
    java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
    try (PrintStream t = new PrintStream(table, true, StandardCharsets.UTF_8)) {
      EvaluationReport.print(t, ctx, r);
    }
    o.print(table.toString(StandardCharsets.UTF_8));
    if (!outcome.missing().isEmpty()) {
      o.printf("%d of %d records got no classification of their first window (not scored)%n",
          outcome.missing().size(), selected);
    }
    Files.createDirectories(out);
    EvaluationReport.writeJson(out.resolve("evaluation.json"), EvaluationReport.json(ctx, r));
    byte[] png = null;
    try {
      List<double[][]> curves = new ArrayList<>();
      for (int c = 0; c < labels.size(); c++) {
        boolean[] y = new boolean[scored.size()];
        float[] p = new float[scored.size()];
        for (int i = 0; i < scored.size(); i++) {
          y[i] = truth[i][c];
          p[i] = probs[i][c];
        }
        curves.add(Metrics.roc(y, p));
      }
      png = EvaluationReport.rocPng(labels, curves, r, title);
      Files.write(out.resolve("roc.png"), png);
    } catch (Exception | Error e) {
      // headless machines without fonts cannot draw text: the figures are still in the JSON and HTML
      log.warn("could not draw the ROC curves: {}", e.toString());
    }
    Files.writeString(out.resolve("report.html"), EvaluationReport.html(ctx, r, png));
    writePredictions(out.resolve("predictions.csv"), labels, scored);
    o.printf("wrote %s, %s, %s and %s%n", out.resolve("evaluation.json"), out.resolve("roc.png"),
        out.resolve("report.html"), out.resolve("predictions.csv"));
    o.flush();
    return scored.isEmpty() ? 1 : 0;
  }

  /** One line per scored record: ecg_id, ground truth, the probabilities, quality flags (for comparisons). */
  private static void writePredictions(Path file, List<String> labels, List<StreamingEvaluation.Scored> scored)
      throws java.io.IOException {
    StringBuilder b = new StringBuilder("ecg_id,ground_truth");
    labels.forEach(l -> b.append(',').append(l));
    b.append(",quality\n");
    for (StreamingEvaluation.Scored s : scored) {
      b.append(s.record().ecgId()).append(',').append(String.join("|", s.groundTruth()));
      for (String l : labels) {
        b.append(',').append(s.probabilities().get(l));
      }
      b.append(',').append(String.join("|", s.quality())).append('\n');
    }
    Files.writeString(file, b);
  }

  /** The card's threshold as the classifications carry it (every classification has the same). */
  private static float thresholdOf(List<StreamingEvaluation.Scored> scored, String label) {
    return scored.isEmpty() ? Float.NaN : scored.get(0).thresholds().get(label);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new EvaluateCommand()).execute(args));
  }
}
