package io.ecgmon.monitor;

import io.ecgmon.alerts.AlertState;
import io.ecgmon.alerts.AlertStateMachine;
import io.ecgmon.avro.Alert;
import io.ecgmon.avro.ClassScore;
import io.ecgmon.avro.Classification;
import io.ecgmon.avro.QualityFlag;
import io.ecgmon.deadletter.DeadLetters;
import io.ecgmon.deadletter.Reason;
import io.ecgmon.deadletter.RejectedRecord;
import io.ecgmon.features.FeatureSpec;
import io.ecgmon.features.MetadataFeatures;
import io.ecgmon.features.SignalFeatures;
import io.ecgmon.features.WindowFeatures;
import io.ecgmon.inference.Classifier;
import io.ecgmon.inference.ModelCard;
import io.ecgmon.inference.ModelInput;
import io.ecgmon.patient.PatientMeta;
import io.ecgmon.window.PatientHeader;
import io.ecgmon.window.Segment;
import io.ecgmon.window.SegmentCodec;
import io.ecgmon.window.SegmentStore;
import io.ecgmon.window.SegmentValidator;
import io.ecgmon.window.WindowAssembler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's core, one instance per task: validates segments, buffers them per patient, decides
 * windows by sample index, featurises them, runs the model in micro-batches and emits
 * classifications, alerts and dead letters.
 *
 * <p>Exactly-once across restarts rests on one rule: a patient's {@code committedStart} (the first
 * window not yet classified) only moves forward in the same call that forwards the classification,
 * so both land in the same transaction. Windows waiting for their batch live only in memory; if the
 * instance dies they are gone with the uncommitted transaction, and {@link #init} finds them again
 * in the restored segments.
 */
final class MonitorProcessor implements Processor<byte[], byte[], Object, Object> {

  private static final Logger log = LoggerFactory.getLogger(MonitorProcessor.class);

  private final MonitorTopology.Settings settings;
  private final Classifier classifier;
  private final MonitorMetrics metrics;
  private final Supplier<SegmentValidator> validatorFactory;

  private ProcessorContext<Object, Object> context;
  private SegmentStore segments;
  private KeyValueStore<String, byte[]> headers;
  private KeyValueStore<String, byte[]> alertStates;
  private KeyValueStore<String, byte[]> patientInfo;
  private SegmentValidator validator;
  private SignalFeatures features;
  private MetadataFeatures metadata;
  private AlertStateMachine alerts;
  private FeatureSpec spec;
  private ModelCard card;
  /** Per patient: the first window start not decided yet (>= committedStart). Memory only. */
  private final Map<String, Long> decided = new HashMap<>();
  private final Map<String, Integer> pendingPerPatient = new HashMap<>();
  private List<PendingWindow> pending = new ArrayList<>();
  private long activePatients;

  MonitorProcessor(MonitorTopology.Settings settings, Classifier classifier, MonitorMetrics metrics,
      Supplier<SegmentValidator> validatorFactory) {
    this.settings = settings;
    this.classifier = classifier;
    this.metrics = metrics;
    this.validatorFactory = validatorFactory;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.segments = new SegmentStore(context.getStateStore(MonitorTopology.SEGMENTS_STORE));
    this.headers = context.getStateStore(MonitorTopology.PATIENTS_STORE);
    this.alertStates = context.getStateStore(MonitorTopology.ALERTS_STORE);
    this.patientInfo = context.getStateStore(MonitorTopology.PATIENT_INFO_STORE);
    this.validator = validatorFactory.get();
    this.spec = settings.spec();
    this.card = classifier.card();
    this.features = new SignalFeatures(spec);
    this.metadata = new MetadataFeatures(spec);
    this.alerts = new AlertStateMachine(card.labels(), card.thresholds(), settings.alertConsecutive());
    context.schedule(Duration.ofMillis(settings.batchMaxWaitMs()), PunctuationType.WALL_CLOCK_TIME,
        now -> runBatch());
    context.schedule(Duration.ofMillis(Math.max(100, Math.min(10_000, settings.idleTimeoutMs() / 4))),
        PunctuationType.WALL_CLOCK_TIME, this::expireIdle);
    // windows decided before a restart but not classified then are found again from the restored state
    List<KeyValue<String, PatientHeader>> all = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = headers.all()) {
      it.forEachRemaining(kv -> all.add(KeyValue.pair(kv.key, PatientHeader.fromBytes(kv.value))));
    }
    for (KeyValue<String, PatientHeader> kv : all) {
      plan(kv.key, kv.value, false);
    }
    activePatients = all.size();
    metrics.patientsActive(activePatients);
    if (!pending.isEmpty()) {
      log.info("task {}: {} windows of {} patients found unclassified in the restored state", context.taskId(),
          pending.size(), all.size());
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata where = context.recordMetadata().orElse(null);
    String topic = where == null ? settings.segmentsTopic() : where.topic();
    Segment seg;
    try {
      seg = validator.validate(topic, record.key(), record.value());
    } catch (RejectedRecord r) {
      metrics.segment("invalid");
      deadLetter(record, r.reason(), r.errorClass(), r.getMessage());
      return;
    }
    long now = context.currentSystemTimeMs();
    String patient = seg.patientId();
    byte[] stored = headers.get(patient);
    PatientHeader header = stored == null ? null : PatientHeader.fromBytes(stored);
    if (header == null) {
      header = PatientHeader.open(seg, settings.hopSamples(seg.sampleRateHz()),
          settings.graceSamples(seg.sampleRateHz()), List.of(), now);
      activePatients++;
      metrics.patientsActive(1);
    } else if (!header.recordingId().equals(seg.recordingId())) {
      if (header.closedRecordings().contains(seg.recordingId())) {
        late(record, "recording " + seg.recordingId() + " of this patient is closed");
        return;
      }
      List<String> closed = header.closedAfterThis();
      closeSession(patient, header);
      header = PatientHeader.open(seg, settings.hopSamples(seg.sampleRateHz()),
          settings.graceSamples(seg.sampleRateHz()), closed, now);
    } else {
      if (seg.sampleRateHz() != header.sampleRateHz()) {
        metrics.segment("invalid");
        deadLetter(record, Reason.SAMPLE_RATE_CHANGED, RejectedRecord.class.getName(),
            "sample rate " + seg.sampleRateHz() + " Hz within a recording at " + header.sampleRateHz() + " Hz");
        return;
      }
      long undecided = decided.getOrDefault(patient, header.committedStart());
      if (seg.endIndex() <= undecided) {
        late(record, "segment [" + seg.firstIndex() + ", " + seg.endIndex() + ") ends before the first open window "
            + "at " + undecided + " (its windows were decided: later than the grace period)");
        return;
      }
    }
    String key = SegmentStore.key(patient, seg.recordingId(), seg.firstIndex());
    byte[] encoded = SegmentCodec.encode(seg);
    byte[] existing = segments.get(key);
    if (existing != null) {
      if (Arrays.equals(existing, encoded)) {
        metrics.segment("duplicate");
        headers.put(patient, header.withActivity(now).toBytes());
      } else {
        metrics.segment("invalid");
        deadLetter(record, Reason.CONFLICTING_DUPLICATE, RejectedRecord.class.getName(),
            "another segment with the same recording and first sample index " + seg.firstIndex() + " differs");
      }
      return;
    }
    if (header.segmentCount() >= settings.maxSegmentsPerPatient()) {
      metrics.segment("invalid");
      deadLetter(record, Reason.PATIENT_BUFFER_FULL, RejectedRecord.class.getName(),
          header.segmentCount() + " segments buffered for this patient, limit " + settings.maxSegmentsPerPatient());
      return;
    }
    segments.put(key, encoded);
    header = header.withSegment(seg, now);
    headers.put(patient, header.toBytes());
    metrics.segment("accepted");
    plan(patient, header, false);
    if (pending.size() >= settings.batchMaxSize()) {
      runBatch();
    }
  }

  private void late(Record<byte[], byte[]> record, String why) {
    metrics.segment("late");
    deadLetter(record, Reason.LATE_SEGMENT, RejectedRecord.class.getName(), why);
  }

  /**
   * Decides the patient's windows from the first undecided one on. A complete window is taken at once;
   * an incomplete one once the patient's stream is {@code grace} past its end (or at once when
   * {@code closing}): with a GAP flag when coverage reaches the minimum, otherwise it is skipped.
   */
  private void plan(String patient, PatientHeader header, boolean closing) {
    int rate = header.sampleRateHz();
    int length = settings.windowSamples(rate);
    long hop = settings.hopSamples(rate);
    long grace = settings.graceSamples(rate);
    long s = decided.getOrDefault(patient, header.committedStart());
    boolean nothingPending = pendingPerPatient.getOrDefault(patient, 0) == 0;
    List<Segment> session = null;
    while (closing ? s < header.maxEnd() : header.maxEnd() >= s + length) {
      if (session == null) {
        session = segments.session(patient, header.recordingId());
      }
      long covered = WindowAssembler.covered(session, s, length);
      boolean complete = covered == length;
      if (!complete && !closing && header.maxEnd() < s + length + grace) {
        break; // out-of-order segments may still fill it
      }
      if (complete || covered >= settings.minCoverage() * length) {
        enqueue(patient, header, session, s, length, hop, complete);
        nothingPending = false;
        s += hop;
      } else if (covered == 0) {
        s = nextStartWithData(session, s, length, hop, header.maxEnd());
      } else {
        metrics.windows("skipped_low_coverage", 1);
        log.debug("window [{}, {}) of a patient skipped: coverage {}", s, s + length, (double) covered / length);
        s += hop;
      }
      if (nothingPending) {
        // nothing waits for inference before s: the skipped stretch is settled for good
        header = evict(patient, header.withCommittedStart(s));
      }
    }
    decided.put(patient, s);
  }

  /** The first window start after s (on the hop grid) that overlaps a segment at or after s + length. */
  private static long nextStartWithData(List<Segment> session, long s, int length, long hop, long maxEnd) {
    long next = Long.MAX_VALUE;
    for (Segment seg : session) {
      if (seg.endIndex() > s && seg.firstIndex() < next) {
        next = seg.firstIndex();
      }
    }
    if (next == Long.MAX_VALUE) {
      next = maxEnd;
    }
    long first = Math.floorDiv(next - length, hop) * hop + hop;
    return Math.max(s + hop, first);
  }

  private void enqueue(String patient, PatientHeader header, List<Segment> session, long start, int length,
      long hop, boolean complete) {
    long t0 = System.nanoTime();
    WindowAssembler.Assembled w = WindowAssembler.assemble(session, start, length, spec.leads().size());
    double[][] atModelRate = header.sampleRateHz() == spec.sampleRateHz() ? w.millivolts()
        : features.resampleToSpecRate(w.millivolts(), header.sampleRateHz());
    WindowFeatures signal = features.extract(atModelRate);
    byte[] info = patientInfo.get(patient);
    PatientMeta meta = info == null ? null : PatientMeta.fromBytes(info);
    float[] metaFeatures = meta == null ? metadata.encode(null, null, null, null) : meta.encode(metadata);
    long nanos = System.nanoTime() - t0;
    metrics.features(nanos);
    Set<QualityFlag> quality = new LinkedHashSet<>();
    if (!complete) {
      quality.add(QualityFlag.GAP);
    }
    if (header.sampleRateHz() != spec.sampleRateHz()) {
      quality.add(QualityFlag.RESAMPLED);
    }
    if (meta == null) {
      quality.add(QualityFlag.METADATA_MISSING);
    }
    signalQuality(signal.ecg(), quality);
    pending.add(new PendingWindow(patient, header.recordingId(), start, start + length, hop, w.startTimeMs(),
        w.endTimeMs(), List.copyOf(quality), w.lastProducedAtMs(), w.groundTruth(),
        new ModelInput(signal, metaFeatures), nanos));
    pendingPerPatient.merge(patient, 1, Integer::sum);
  }

  /** Flat leads (no variation) and clipping (a sample at the spec's clip level) in the model's ecg input. */
  private void signalQuality(float[][] ecg, Set<QualityFlag> quality) {
    float clip = (float) spec.clipMv();
    for (float[] lead : ecg) {
      float min = Float.MAX_VALUE;
      float max = -Float.MAX_VALUE;
      for (float v : lead) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      if (max - min < 1e-3f) {
        quality.add(QualityFlag.FLAT_LEAD);
      }
      if (max >= clip || min <= -clip) {
        quality.add(QualityFlag.CLIPPED);
      }
    }
  }

  /** Runs the model over every waiting window and emits the results, in batches of at most the max size. */
  private void runBatch() {
    if (pending.isEmpty()) {
      return;
    }
    List<PendingWindow> all = pending;
    pending = new ArrayList<>();
    Map<String, Long> advanced = new HashMap<>();
    try {
      classifyAndEmit(all, advanced);
    } finally {
      // what was emitted moves its patient's committedStart in the same transaction, even if a later
      // batch failed
      settle(advanced);
    }
  }

  private void classifyAndEmit(List<PendingWindow> all, Map<String, Long> advanced) {
    for (int from = 0; from < all.size(); from += settings.batchMaxSize()) {
      List<PendingWindow> batch = all.subList(from, Math.min(all.size(), from + settings.batchMaxSize()));
      List<ModelInput> inputs = new ArrayList<>(batch.size());
      batch.forEach(w -> inputs.add(w.input()));
      long t0 = System.nanoTime();
      float[][] probabilities;
      try {
        probabilities = classifier.classify(inputs);
      } catch (RuntimeException e) {
        // nothing of this batch or later was emitted: plan these patients again from committedStart
        // with their next segment (their segments are still stored), and let the handler report it
        for (PendingWindow w : all.subList(from, all.size())) {
          decided.remove(w.patientId());
          pendingPerPatient.remove(w.patientId());
        }
        throw e;
      }
      long nanos = System.nanoTime() - t0;
      metrics.batch(batch.size(), nanos);
      long now = context.currentSystemTimeMs();
      for (int i = 0; i < batch.size(); i++) {
        PendingWindow w = batch.get(i);
        emit(w, probabilities[i], now, w.featureNanos() + nanos / batch.size());
        advanced.merge(w.patientId() + "\u0000" + w.recordingId(), w.startIndex() + w.hopSamples(), Math::max);
        pendingPerPatient.computeIfPresent(w.patientId(), (p, n) -> n <= 1 ? null : n - 1);
      }
    }
  }

  private void settle(Map<String, Long> advanced) {
    advanced.forEach((patientAndRecording, start) -> {
      String patient = patientAndRecording.substring(0, patientAndRecording.indexOf('\u0000'));
      String recording = patientAndRecording.substring(patientAndRecording.indexOf('\u0000') + 1);
      byte[] stored = headers.get(patient);
      if (stored == null) {
        return;
      }
      PatientHeader h = PatientHeader.fromBytes(stored);
      if (!h.recordingId().equals(recording)) {
        return;
      }
      // skipped windows right after the classified ones are settled too
      long undecided = decided.getOrDefault(patient, start);
      long settled = pendingPerPatient.containsKey(patient) ? start : Math.max(start, undecided);
      evict(patient, h.withCommittedStart(settled));
    });
  }

  private void emit(PendingWindow w, float[] probabilities, long now, long micros) {
    List<String> labels = card.labels();
    List<ClassScore> scores = new ArrayList<>(labels.size());
    List<String> predicted = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      float threshold = card.thresholds().get(labels.get(i));
      scores.add(new ClassScore(labels.get(i), probabilities[i], threshold));
      if (probabilities[i] >= threshold) {
        predicted.add(labels.get(i));
      }
    }
    Classification c = Classification.newBuilder()
        .setPatientId(w.patientId())
        .setRecordingId(w.recordingId())
        .setWindowStartIndex(w.startIndex())
        .setWindowEndIndex(w.endIndex())
        .setWindowStartTime(Instant.ofEpochMilli(w.startTimeMs()))
        .setWindowEndTime(Instant.ofEpochMilli(w.endTimeMs()))
        .setScores(scores)
        .setPredicted(predicted)
        .setModelName(card.name())
        .setModelVersion(card.version())
        .setQuality(w.quality())
        .setLastSegmentProducedAt(Instant.ofEpochMilli(w.lastProducedAtMs()))
        .setClassifiedAt(Instant.ofEpochMilli(now))
        .setInferenceMicros(micros / 1000)
        .setGroundTruth(w.groundTruth())
        .build();
    context.forward(new Record<>(w.patientId(), c, now), MonitorTopology.CLASSIFICATIONS_SINK);
    metrics.windows("classified", 1);
    metrics.endToEnd(now - w.lastProducedAtMs());

    byte[] stored = alertStates.get(w.patientId());
    AlertState state = stored == null ? AlertState.EMPTY : AlertState.fromBytes(stored);
    AlertStateMachine.Step step = alerts.next(state, probabilities);
    if (!step.state().equals(state)) {
      alertStates.put(w.patientId(), step.state().toBytes());
    }
    if (step.change() != null) {
      Alert a = Alert.newBuilder()
          .setPatientId(w.patientId())
          .setKind(step.change().kind())
          .setClasses(step.change().classes())
          .setConfidence(step.change().confidence())
          .setWindowStartIndex(w.startIndex())
          .setWindowEndIndex(w.endIndex())
          .setWindowStartTime(Instant.ofEpochMilli(w.startTimeMs()))
          .setWindowEndTime(Instant.ofEpochMilli(w.endTimeMs()))
          .setModelVersion(card.version())
          .setRaisedAt(Instant.ofEpochMilli(now))
          .build();
      context.forward(new Record<>(w.patientId(), a, now), MonitorTopology.ALERTS_SINK);
      metrics.alert(step.change().kind().name());
    }
  }

  /** Stores the header after deleting the segments no window from its committedStart on needs. */
  private PatientHeader evict(String patient, PatientHeader header) {
    int removed = segments.evictBefore(patient, header.recordingId(), header.committedStart());
    PatientHeader h = header.withSegmentCount(Math.max(0, header.segmentCount() - removed));
    headers.put(patient, h.toBytes());
    return h;
  }

  /** Ends a session: decides what is left, classifies it now, drops its segments. */
  private void closeSession(String patient, PatientHeader header) {
    plan(patient, header, true);
    runBatch();
    segments.deleteSession(patient, header.recordingId());
    decided.remove(patient);
  }

  private void expireIdle(long now) {
    List<String> idle = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = headers.all()) {
      it.forEachRemaining(kv -> {
        if (PatientHeader.fromBytes(kv.value).lastActivityMs() + settings.idleTimeoutMs() <= now) {
          idle.add(kv.key);
        }
      });
    }
    for (String patient : idle) {
      closeSession(patient, PatientHeader.fromBytes(headers.get(patient)));
      headers.delete(patient);
      alertStates.delete(patient);
      activePatients--;
      metrics.patientsActive(-1);
    }
    if (!idle.isEmpty()) {
      log.debug("task {}: {} idle patients expired", context.taskId(), idle.size());
    }
  }

  private void deadLetter(Record<byte[], byte[]> record, Reason reason, String errorClass, String message) {
    RecordMetadata m = context.recordMetadata().orElse(null);
    metrics.deadLetter(reason.name());
    context.forward(new Record<>(record.key(), DeadLetters.of(record.key(), record.value(),
        m == null ? settings.segmentsTopic() : m.topic(), m == null ? -1 : m.partition(), m == null ? -1 : m.offset(),
        reason.name(), errorClass, message, settings.applicationId(), context.currentSystemTimeMs()),
        record.timestamp()), MonitorTopology.DEAD_LETTERS_SINK);
  }

  @Override
  public void close() {
    // windows still waiting are not lost: committedStart has not moved past them
    metrics.patientsActive(-activePatients);
    activePatients = 0;
    pending = new ArrayList<>();
  }
}
