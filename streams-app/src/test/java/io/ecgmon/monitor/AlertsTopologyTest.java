package io.ecgmon.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.avro.Alert;
import io.ecgmon.avro.AlertKind;
import io.ecgmon.testkit.FakeClassifier;
import io.ecgmon.testkit.MonitorDriver;
import io.ecgmon.testkit.SyntheticEcg;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert state machine inside the topology: per patient, keyed by patient, from the card's thresholds. */
class AlertsTopologyTest {

  static final long EPOCH = 1_700_000_000_000L;

  @Test
  void onsetUpdateResolvedPerPatientWithKFromConfig() {
    // card thresholds: NORM .43, MI .43, STTC .52, CD .55, HYP .44
    FakeClassifier model = new FakeClassifier()
        .then(0.1f, 0.8f, 0.1f, 0.1f, 0.1f)
        .then(0.1f, 0.8f, 0.1f, 0.1f, 0.1f) // MI twice: ONSET (K = 2)
        .then(0.1f, 0.8f, 0.9f, 0.1f, 0.1f)
        .then(0.1f, 0.8f, 0.9f, 0.1f, 0.1f) // + STTC twice: UPDATE
        .then(0.9f, 0.1f, 0.1f, 0.1f, 0.1f)
        .then(0.9f, 0.1f, 0.2f, 0.1f, 0.1f) // both below twice: RESOLVED
        .then(0.9f, 0.1f, 0.1f, 0.1f, 0.1f);
    SyntheticEcg ecg = new SyntheticEcg(1);
    try (MonitorDriver d = new MonitorDriver(model, Map.of(MonitorConfig.ALERT_CONSECUTIVE, "2"))) {
      for (int s = 0; s < 40; s++) {
        d.send(ecg.segment("p7", "r1", 100, s * 100L, 100, EPOCH, EPOCH));
      }
      assertThat(d.classifications()).hasSize(7);
      List<Alert> alerts = d.alerts();
      assertThat(alerts).extracting(Alert::getKind)
          .containsExactly(AlertKind.ONSET, AlertKind.UPDATE, AlertKind.RESOLVED);
      assertThat(alerts).extracting(Alert::getPatientId).containsOnly("p7");
      assertThat(alerts.get(0).getClasses()).containsExactly("MI");
      assertThat(alerts.get(0).getWindowStartIndex()).isEqualTo(500);
      assertThat(alerts.get(1).getClasses()).containsExactly("MI", "STTC");
      assertThat(alerts.get(2).getConfidence()).isEqualTo(1f - 0.2f);
      assertThat(alerts.get(2).getModelVersion()).isEqualTo(model.card().version());
      assertThat(d.counter("ecgmon.alerts", "kind", "ONSET")).isEqualTo(1);
      assertThat(d.alerts.readKeyValuesToList()).isEmpty();
    }
  }
}
