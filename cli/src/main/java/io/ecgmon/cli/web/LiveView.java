package io.ecgmon.cli.web;

import io.ecgmon.avro.Alert;
import io.ecgmon.avro.AlertKind;
import io.ecgmon.avro.Classification;
import io.ecgmon.avro.ClassScore;
import io.ecgmon.avro.EcgSegment;
import io.ecgmon.cli.alerts.AlertJson;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * What the web page shows, kept in memory: every patient's current state (from alerts and
 * classifications), the latest alerts, and each patient's last seconds of ECG ({@link StripBuffer}).
 * Updates go to a listener as (event name, JSON-ready map), which the server turns into SSE. Thread-safe.
 * Patients beyond {@code maxPatients} evict the least recently updated one.
 */
public final class LiveView {

  private final int feedSize;
  private final int maxPatients;
  private final double stripRateHz;
  private final long stripSpanMs;
  private final Map<String, PatientState> patients;
  private final ArrayDeque<Map<String, Object>> feed = new ArrayDeque<>();
  private volatile BiConsumer<String, Map<String, Object>> listener = (e, d) -> { };

  public LiveView(int feedSize, int maxPatients, double stripRateHz, long stripSpanMs) {
    this.feedSize = feedSize;
    this.maxPatients = maxPatients;
    this.stripRateHz = stripRateHz;
    this.stripSpanMs = stripSpanMs;
    this.patients = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, PatientState> eldest) {
        return size() > LiveView.this.maxPatients;
      }
    };
  }

  public void onUpdate(BiConsumer<String, Map<String, Object>> listener) {
    this.listener = listener;
  }

  private static final class PatientState {
    final String id;
    String status = "UNKNOWN"; // ALERT, OK or UNKNOWN (no alert or classification seen yet)
    List<String> classes = List.of();
    Double confidence;
    String lastAlertKind;
    String lastAlertAt;
    List<String> predicted;
    Map<String, Double> probabilities;
    String lastClassifiedAt;
    String modelVersion;
    long lastSegmentAt;
    StripBuffer strip;

    PatientState(String id) {
      this.id = id;
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("patientId", id);
      m.put("status", status);
      m.put("classes", classes);
      m.put("confidence", confidence);
      m.put("lastAlertKind", lastAlertKind);
      m.put("lastAlertAt", lastAlertAt);
      m.put("predicted", predicted);
      m.put("probabilities", probabilities);
      m.put("lastClassifiedAt", lastClassifiedAt);
      m.put("modelVersion", modelVersion);
      m.put("lastSegmentAt", lastSegmentAt == 0 ? null : java.time.Instant.ofEpochMilli(lastSegmentAt).toString());
      m.put("hasStrip", strip != null && !strip.points().isEmpty());
      return m;
    }
  }

  private PatientState patient(String id) {
    return patients.computeIfAbsent(id, PatientState::new);
  }

  public void onAlert(Alert a) {
    Map<String, Object> alert = AlertJson.toMap(a);
    synchronized (this) {
      PatientState p = patient(a.getPatientId());
      boolean resolved = a.getKind() == AlertKind.RESOLVED;
      p.status = resolved ? "OK" : "ALERT";
      p.classes = List.copyOf(a.getClasses());
      p.confidence = AlertJson.floatValue(a.getConfidence());
      p.lastAlertKind = a.getKind().name();
      p.lastAlertAt = a.getRaisedAt().toString();
      feed.addFirst(alert);
      while (feed.size() > feedSize) {
        feed.removeLast();
      }
      // inside the lock, so every client sees updates in the order they were made (the listener only queues)
      listener.accept("alert", alert);
      listener.accept("patient", p.toMap());
    }
  }

  public void onClassification(Classification c) {
    synchronized (this) {
      PatientState p = patient(c.getPatientId());
      p.predicted = List.copyOf(c.getPredicted());
      Map<String, Double> probabilities = new TreeMap<>();
      for (ClassScore s : c.getScores()) {
        probabilities.put(s.getLabel(), AlertJson.floatValue(s.getProbability()));
      }
      p.probabilities = probabilities;
      p.lastClassifiedAt = c.getClassifiedAt().toString();
      p.modelVersion = c.getModelVersion();
      if (p.lastAlertKind == null) {
        // no alert yet: the latest window's findings say whether the patient looks normal
        p.status = c.getPredicted().stream().allMatch("NORM"::equals) ? "OK" : "ALERT";
        p.classes = c.getPredicted().stream().filter(l -> !"NORM".equals(l)).toList();
      }
      listener.accept("patient", p.toMap());
    }
  }

  public void onSegment(EcgSegment s) {
    synchronized (this) {
      PatientState p = patient(s.getPatientId());
      boolean first = p.strip == null;
      if (first) {
        p.strip = new StripBuffer(stripRateHz, stripSpanMs);
      }
      p.strip.add(s);
      p.lastSegmentAt = s.getProducedAt().toEpochMilli();
      if (first) {
        listener.accept("patient", p.toMap());
      }
    }
  }

  /**
   * Runs {@code action} with the snapshot while no update can slip in between: a new SSE client gets
   * the snapshot, then every later update, none twice and none lost.
   */
  public synchronized void subscribe(Runnable register) {
    register.run();
  }

  /** Everything the page needs on (re)connect: patients (most recently updated last) and the alert feed. */
  public synchronized Map<String, Object> snapshot() {
    List<Map<String, Object>> list = new ArrayList<>();
    patients.values().forEach(p -> list.add(p.toMap()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("patients", list);
    m.put("alerts", new ArrayList<>(feed));
    return m;
  }

  /** The patient's strip as JSON-ready map (values null where NaN), or null when none is held. */
  public Map<String, Object> strip(String patientId) {
    List<StripBuffer.Point> points;
    List<String> leads;
    synchronized (this) {
      PatientState p = patients.get(patientId);
      if (p == null || p.strip == null) {
        return null;
      }
      points = p.strip.points();
      leads = p.strip.leads();
    }
    List<List<Double>> values = new ArrayList<>();
    for (int lead = 0; lead < leads.size(); lead++) {
      List<Double> v = new ArrayList<>(points.size());
      for (StripBuffer.Point pt : points) {
        float x = pt.millivolts()[lead];
        v.add(Float.isNaN(x) ? null : Math.round(x * 1000.0) / 1000.0);
      }
      values.add(v);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("patientId", patientId);
    m.put("rateHz", stripRateHz);
    m.put("leads", leads);
    m.put("startTime", points.isEmpty() ? null : points.get(0).timeMs());
    m.put("endTime", points.isEmpty() ? null : points.get(points.size() - 1).timeMs());
    m.put("values", values);
    return m;
  }
}
