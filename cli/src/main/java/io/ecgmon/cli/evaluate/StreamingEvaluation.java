package io.ecgmon.cli.evaluate;

import io.ecgmon.avro.ClassScore;
import io.ecgmon.avro.Classification;
import io.ecgmon.cli.pipeline.ClassificationReader;
import io.ecgmon.cli.pipeline.Cluster;
import io.ecgmon.cli.pipeline.PipelineTopics;
import io.ecgmon.monitor.MonitorApp;
import io.ecgmon.monitor.MonitorConfig;
import io.ecgmon.ptbxl.PtbxlCatalog;
import io.ecgmon.ptbxl.PtbxlRecord;
import io.ecgmon.ptbxl.RecordFilter;
import io.ecgmon.replay.FeedRecord;
import io.ecgmon.replay.PatientSource;
import io.ecgmon.replay.PtbxlPatients;
import io.ecgmon.replay.Simulation;
import io.ecgmon.replay.SimulationConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays PTB-XL records through the real pipeline and collects the model's output for each: the
 * simulator replays every record as a patient and session of its own (so the monitor's first window
 * [0, 10 s) is exactly the record, what the offline evaluation feeds the model, with the record's own
 * demographics), as fast as it can; the monitor (Kafka Streams, the
 * shipped topology, exactly once) classifies, and a read_committed reader picks up each record's
 * first-window classification with its groundTruth. Topics are this run's own.
 */
public final class StreamingEvaluation {

  private static final Logger log = LoggerFactory.getLogger(StreamingEvaluation.class);

  /** One record's result: its catalog entry, the ground truth the classification carried, the scores. */
  public record Scored(PtbxlRecord record, List<String> groundTruth, Map<String, Float> probabilities,
      Map<String, Float> thresholds, List<String> quality) {}

  /** What came back: a result per record that was classified, the records that were not, counters. */
  public record Outcome(List<Scored> scored, List<PtbxlRecord> missing, long classifications, double seconds,
      String modelName, String modelVersion) {}

  /** How to run it. */
  public record Settings(int rateHz, double segmentSeconds, int partitions, Path model, Duration timeout,
      boolean keepTopics, Map<String, String> monitorOverrides) {}

  private StreamingEvaluation() {}

  /** The records an evaluation of {@code filter} covers: labelled, with files at the rate (as evaluate.py). */
  public static List<PtbxlRecord> select(PtbxlCatalog catalog, RecordFilter filter, int rateHz) {
    List<PtbxlRecord> out = new ArrayList<>();
    for (PtbxlRecord r : catalog.select(filter)) {
      if (!r.superclasses().isEmpty() && Files.isRegularFile(catalog.root().resolve(r.filename(rateHz) + ".hea"))) {
        out.add(r);
      }
    }
    return out;
  }

  public static Outcome run(Cluster cluster, PtbxlCatalog catalog, List<PtbxlRecord> records, Settings settings,
      PrintStream progress) throws Exception {
    String runId = Long.toString(System.currentTimeMillis(), 36);
    PipelineTopics topics = PipelineTopics.prefixed("ecgmon-eval-" + runId + "-");
    Map<String, PtbxlRecord> byName = new LinkedHashMap<>();
    for (PtbxlRecord r : records) {
      String file = r.filename(settings.rateHz());
      byName.put(file.substring(file.lastIndexOf('/') + 1), r);
    }
    try (Admin admin = cluster.admin()) {
      topics.create(admin, settings.partitions());
    }
    Path stateDir = Files.createTempDirectory("ecgmon-evaluate-");
    Map<String, Classification> firstWindows = new ConcurrentHashMap<>();
    long[] all = new long[1];
    long start = System.nanoTime();
    try {
      Properties p = cluster.client();
      p.putAll(topics.monitorSettings());
      p.put("application.id", "ecgmon-eval-" + runId);
      p.put("state.dir", stateDir.toString());
      p.put(MonitorConfig.HTTP_PORT, "-1");
      p.put(MonitorConfig.MODEL_PATH, settings.model().toString());
      // a replay runs ahead of the monitor, so wall-clock silence means nothing here: a patient's segments may
      // be minutes apart in the backlog, and an idle expiry would close its record before its window is full
      p.put(MonitorConfig.IDLE_TIMEOUT_MS, Long.toString(Duration.ofDays(1).toMillis()));
      p.putAll(settings.monitorOverrides());
      String modelName;
      String modelVersion;
      try (MonitorApp monitor = MonitorApp.start(new MonitorConfig(p));
          ClassificationReader reader = new ClassificationReader(cluster.client(), topics.classifications(), (c, t) -> {
            synchronized (all) {
              all[0]++;
            }
            if (c.getWindowStartIndex() == 0) {
              firstWindows.put(c.getRecordingId(), c);
            }
          })) {
        modelName = monitor.classifier().card().name();
        modelVersion = monitor.classifier().card().version();
        Simulation sim = startSimulation(cluster, catalog, topics, settings, runId, records);
        try {
          long deadline = System.nanoTime() + settings.timeout().toNanos();
          long nextLine = System.nanoTime();
          while (firstWindows.size() < records.size()) {
            if (sim.failure() != null) {
              throw new IllegalStateException("the simulator failed: " + sim.failure(), sim.failure());
            }
            if (reader.failure() != null) {
              throw new IllegalStateException("reading classifications failed: " + reader.failure(), reader.failure());
            }
            if (System.nanoTime() > deadline) {
              progress.printf("evaluate: timed out after %s with %d of %d records classified%n", settings.timeout(),
                  firstWindows.size(), records.size());
              break;
            }
            if (System.nanoTime() >= nextLine) {
              var c = sim.counters();
              progress.printf("evaluate: %d/%d records classified | %d segments sent | %.0f s%n", firstWindows.size(),
                  records.size(), c.segments(), (System.nanoTime() - start) / 1e9);
              nextLine = System.nanoTime() + 10_000_000_000L;
            }
            Thread.sleep(200);
          }
        } finally {
          sim.close();
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      List<Scored> scored = new ArrayList<>();
      List<PtbxlRecord> missing = new ArrayList<>();
      Map<PtbxlRecord, Classification> byRecord = new LinkedHashMap<>();
      String marker = "-" + runId + "-";
      for (Classification c : firstWindows.values()) {
        String rid = c.getRecordingId();
        int at = rid.indexOf(marker);
        PtbxlRecord r = at < 0 ? null : byName.get(rid.substring(at + marker.length()));
        if (r != null) {
          byRecord.put(r, c);
        }
      }
      for (PtbxlRecord r : records) {
        Classification c = byRecord.get(r);
        if (c == null) {
          missing.add(r);
          continue;
        }
        Map<String, Float> probs = new LinkedHashMap<>();
        Map<String, Float> thresholds = new LinkedHashMap<>();
        for (ClassScore s : c.getScores()) {
          probs.put(s.getLabel(), s.getProbability());
          thresholds.put(s.getLabel(), s.getThreshold());
        }
        scored.add(new Scored(r, c.getGroundTruth() == null ? List.of() : List.copyOf(c.getGroundTruth()), probs,
            thresholds, c.getQuality().stream().map(Enum::name).toList()));
      }
      return new Outcome(scored, missing, all[0], seconds, modelName, modelVersion);
    } finally {
      if (!cluster.isInProcess() && !settings.keepTopics()) {
        try (Admin admin = cluster.admin()) {
          topics.delete(admin);
        } catch (Exception e) {
          log.warn("could not delete this run's topics {}: {}", topics.all(), e.toString());
        }
      }
      deleteTree(stateDir);
    }
  }

  private static Simulation startSimulation(Cluster cluster, PtbxlCatalog catalog, PipelineTopics topics,
      Settings settings, String runId, List<PtbxlRecord> records) throws Exception {
    SimulationConfig config = SimulationConfig.defaults().withTopics(topics.segments(), topics.patientInfo())
        .withPacing(settings.segmentSeconds(), 0, 0).withSessionPerRecord(true).withRunId(runId);
    List<PatientSource> sources = new ArrayList<>();
    for (PtbxlRecord r : records) {
      sources.add(new OneRecord(catalog, r, settings.rateHz()));
    }
    Map<String, Object> client = cluster.clientMap();
    return Simulation.startOnKafka(config, sources, client);
  }

  /**
   * One record as a patient of its own ({@code ptbxl-<patient_id>-e<ecg_id>}), read before the clock
   * starts. Not PTB-XL's patients with their records back to back: at replay speed a patient's next
   * PatientInfo (another age, years later) would be sent milliseconds after the segment that completes
   * the previous record's window, and Kafka Streams orders the two topics by timestamp only as well as
   * fetching allows, so the window could be scored with the next record's demographics; offline, each
   * record has its own.
   */
  private static final class OneRecord implements PatientSource {
    private final PtbxlCatalog catalog;
    private final PtbxlRecord record;
    private final int rateHz;
    private FeedRecord loaded;
    private boolean played;

    OneRecord(PtbxlCatalog catalog, PtbxlRecord record, int rateHz) {
      this.catalog = catalog;
      this.record = record;
      this.rateHz = rateHz;
    }

    @Override
    public String patientId() {
      return "ptbxl-" + record.patientId() + "-e" + record.ecgId();
    }

    @Override
    public void prepare() throws IOException {
      if (loaded == null) {
        loaded = PtbxlPatients.feedRecord(catalog.recordPath(record, rateHz), rateHz, record.superclasses(),
            new FeedRecord.Demographics(record.ageOrNull(), record.sex(), record.heightCm(), record.weightKg()));
      }
    }

    @Override
    public FeedRecord nextRecord() throws IOException {
      if (played) {
        return null;
      }
      prepare();
      played = true;
      FeedRecord r = loaded;
      loaded = null;
      return r;
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (Exception e) {
      log.debug("could not delete {}: {}", dir, e.toString());
    }
  }
}
