package io.ecgmon.cli.alerts;

import io.ecgmon.avro.Alert;
import io.ecgmon.avro.AlertKind;
import java.time.Instant;
import java.util.List;

/** Test alerts. */
public final class Alerts {

  private Alerts() {}

  public static Alert alert(String patient, AlertKind kind, float confidence, String... classes) {
    return Alert.newBuilder().setPatientId(patient).setKind(kind).setClasses(List.of(classes))
        .setConfidence(confidence).setWindowStartIndex(0).setWindowEndIndex(5000)
        .setWindowStartTime(Instant.parse("2026-11-25T14:00:00Z"))
        .setWindowEndTime(Instant.parse("2026-11-25T14:00:10Z")).setModelVersion("1.0.0")
        .setRaisedAt(Instant.parse("2026-11-25T14:00:10.250Z")).build();
  }
}
