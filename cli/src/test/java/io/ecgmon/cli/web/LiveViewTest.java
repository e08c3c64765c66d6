package io.ecgmon.cli.web;

import static io.ecgmon.avro.AlertKind.ONSET;
import static io.ecgmon.avro.AlertKind.RESOLVED;
import static io.ecgmon.cli.alerts.Alerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.avro.Classification;
import io.ecgmon.avro.ClassScore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveViewTest {

  private final LiveView view = new LiveView(3, 2, 50, 10_000);
  private final List<String> events = new ArrayList<>();

  LiveViewTest() {
    view.onUpdate((event, data) -> events.add(event + ":" + data.get("patientId")));
  }

  static Classification classification(String patient, String... predicted) {
    return Classification.newBuilder().setPatientId(patient).setRecordingId("r").setWindowStartIndex(0)
        .setWindowEndIndex(5000).setWindowStartTime(Instant.EPOCH).setWindowEndTime(Instant.ofEpochSecond(10))
        .setScores(List.of(new ClassScore("NORM", 0.2f, 0.5f), new ClassScore("MI", 0.9f, 0.4f)))
        .setPredicted(List.of(predicted)).setModelName("m").setModelVersion("1.0.0").setQuality(List.of())
        .setLastSegmentProducedAt(Instant.EPOCH).setClassifiedAt(Instant.ofEpochSecond(11))
        .setInferenceMicros(10).build();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> patient(String id) {
    return ((List<Map<String, Object>>) view.snapshot().get("patients")).stream()
        .filter(p -> p.get("patientId").equals(id)).findFirst().orElseThrow();
  }

  @Test
  void alertsSetThePatientStateAndFeedNewestFirst() {
    view.onAlert(alert("p-1", ONSET, 0.9f, "MI"));
    assertThat(patient("p-1")).containsEntry("status", "ALERT").containsEntry("classes", List.of("MI"))
        .containsEntry("confidence", 0.9).containsEntry("lastAlertKind", "ONSET");
    view.onAlert(alert("p-1", RESOLVED, 0.8f));
    assertThat(patient("p-1")).containsEntry("status", "OK").containsEntry("classes", List.of());
    view.onAlert(alert("p-1", ONSET, 0.7f, "CD"));
    view.onAlert(alert("p-1", ONSET, 0.6f, "HYP"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> feed = (List<Map<String, Object>>) view.snapshot().get("alerts");
    assertThat(feed).extracting(a -> a.get("confidence")).containsExactly(0.6, 0.7, 0.8);
    assertThat(events).startsWith("alert:p-1", "patient:p-1");
  }

  @Test
  void classificationsGiveStateUntilTheFirstAlert() {
    view.onClassification(classification("p-1", "MI"));
    assertThat(patient("p-1")).containsEntry("status", "ALERT").containsEntry("predicted", List.of("MI"))
        .containsEntry("probabilities", Map.of("MI", 0.9, "NORM", 0.2));
    view.onClassification(classification("p-1", "NORM"));
    assertThat(patient("p-1")).containsEntry("status", "OK");
    view.onAlert(alert("p-1", ONSET, 0.9f, "CD"));
    view.onClassification(classification("p-1", "NORM"));
    assertThat(patient("p-1")).as("the alert stream decides once there is one").containsEntry("status", "ALERT");
  }

  @Test
  void stripsComeAsJsonWithNullForMissingValues() {
    short[] counts = Segments.ramp(500);
    counts[0] = StripBuffer.INVALID;
    for (int i = 10; i < 20; i++) {
      counts[i] = StripBuffer.INVALID;
    }
    view.onSegment(Segments.segment("p-1", "r", 500, 0, counts));
    assertThat(events).containsExactly("patient:p-1"); // announced once, not per segment
    view.onSegment(Segments.segment("p-1", "r", 500, 500, Segments.ramp(500)));
    assertThat(events).hasSize(1);
    Map<String, Object> strip = view.strip("p-1");
    assertThat(strip).containsEntry("rateHz", 50.0).containsEntry("leads", Segments.LEADS);
    @SuppressWarnings("unchecked")
    List<List<Double>> values = (List<List<Double>>) strip.get("values");
    assertThat(values).hasSize(12);
    assertThat(values.get(1)).hasSize(99).startsWith(0.025, null, 0.123);
    assertThat(view.strip("nobody")).isNull();
    assertThat(patient("p-1")).containsEntry("hasStrip", true);
  }

  @Test
  void theLeastRecentlyUpdatedPatientGoesFirst() {
    view.onAlert(alert("p-1", ONSET, 0.9f, "MI"));
    view.onAlert(alert("p-2", ONSET, 0.9f, "MI"));
    view.onAlert(alert("p-1", ONSET, 0.9f, "MI"));
    view.onAlert(alert("p-3", ONSET, 0.9f, "MI"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> patients = (List<Map<String, Object>>) view.snapshot().get("patients");
    assertThat(patients).extracting(p -> p.get("patientId")).containsExactly("p-1", "p-3");
  }
}
