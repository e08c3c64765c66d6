package io.ecgmon.cli.alerts;

import io.ecgmon.avro.Alert;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An alert as a JSON-ready map: times as ISO-8601 UTC, confidence as its float's decimal text. */
public final class AlertJson {

  private AlertJson() {}

  public static Map<String, Object> toMap(Alert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("patientId", a.getPatientId());
    m.put("kind", a.getKind().name());
    m.put("classes", List.copyOf(a.getClasses()));
    m.put("confidence", floatValue(a.getConfidence()));
    m.put("windowStartIndex", a.getWindowStartIndex());
    m.put("windowEndIndex", a.getWindowEndIndex());
    m.put("windowStartTime", iso(a.getWindowStartTime()));
    m.put("windowEndTime", iso(a.getWindowEndTime()));
    m.put("modelVersion", a.getModelVersion());
    m.put("raisedAt", iso(a.getRaisedAt()));
    return m;
  }

  /** 0.97f as 0.97, not 0.9700000286102295. */
  public static double floatValue(float f) {
    return Double.parseDouble(Float.toString(f));
  }

  static String iso(Instant t) {
    return t == null ? null : t.toString();
  }
}
