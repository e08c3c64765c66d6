package io.ecgmon.cli.alerts;

import static io.ecgmon.avro.AlertKind.ONSET;
import static io.ecgmon.avro.AlertKind.RESOLVED;
import static io.ecgmon.cli.alerts.Alerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AlertFormatTest {

  @Test
  void humanLineHasTimePatientKindClassesConfidence() {
    assertThat(AlertFormat.human.format(alert("p-0042", ONSET, 0.914f, "MI", "STTC")))
        .isEqualTo("2026-11-25 14:00:10.250Z  p-0042        ONSET     MI,STTC           0.91");
    assertThat(AlertFormat.human.format(alert("p-7", RESOLVED, 0.97f))).contains("RESOLVED  -  ");
  }

  @Test
  void jsonLineHasEveryFieldReadably() throws Exception {
    String line = AlertFormat.json.format(alert("p-1", ONSET, 0.97f, "MI"));
    assertThat(line).doesNotContain("\n");
    JsonNode j = new ObjectMapper().readTree(line);
    assertThat(j.get("patientId").asText()).isEqualTo("p-1");
    assertThat(j.get("kind").asText()).isEqualTo("ONSET");
    assertThat(j.get("classes").get(0).asText()).isEqualTo("MI");
    assertThat(j.get("confidence").toString()).isEqualTo("0.97");
    assertThat(j.get("raisedAt").asText()).isEqualTo("2026-11-25T14:00:10.250Z");
    assertThat(j.get("windowEndIndex").asLong()).isEqualTo(5000);
    assertThat(j.get("modelVersion").asText()).isEqualTo("1.0.0");
  }
}
