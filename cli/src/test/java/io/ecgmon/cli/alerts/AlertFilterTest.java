package io.ecgmon.cli.alerts;

import static io.ecgmon.avro.AlertKind.ONSET;
import static io.ecgmon.avro.AlertKind.RESOLVED;
import static io.ecgmon.avro.AlertKind.UPDATE;
import static io.ecgmon.cli.alerts.Alerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertFilterTest {

  @Test
  void noFilterLetsEverythingThrough() {
    assertThat(AlertFilter.all().test(alert("p-1", RESOLVED, 0.1f))).isTrue();
  }

  @Test
  void patientsKindsAndConfidenceFilter() {
    AlertFilter f = new AlertFilter(Set.of("p-1", "p-2"), Set.of(), Set.of(ONSET, UPDATE), 0.8f);
    assertThat(f.test(alert("p-1", ONSET, 0.9f, "MI"))).isTrue();
    assertThat(f.test(alert("p-3", ONSET, 0.9f, "MI"))).isFalse();
    assertThat(f.test(alert("p-2", RESOLVED, 0.9f))).isFalse();
    assertThat(f.test(alert("p-2", UPDATE, 0.79f, "CD"))).isFalse();
    assertThat(f.test(alert("p-2", UPDATE, 0.8f, "CD"))).isTrue();
    assertThat(f.patientMatches("p-2")).isTrue();
    assertThat(f.patientMatches("p-3")).isFalse();
  }

  @Test
  void aClassFilterFollowsAnOnsetToItsResolution() {
    AlertFilter f = new AlertFilter(Set.of(), Set.of("mi"), Set.of(), 0f);
    assertThat(f.test(alert("p-1", ONSET, 0.9f, "STTC"))).isFalse();
    assertThat(f.test(alert("p-1", RESOLVED, 0.9f))).as("resolution of an unseen onset").isFalse();
    assertThat(f.test(alert("p-1", ONSET, 0.9f, "MI", "STTC"))).isTrue();
    assertThat(f.test(alert("p-2", RESOLVED, 0.9f))).as("another patient").isFalse();
    assertThat(f.test(alert("p-1", RESOLVED, 0.9f))).isTrue();
    assertThat(f.test(alert("p-1", RESOLVED, 0.9f))).as("only once").isFalse();
    assertThat(f.test(alert("p-1", UPDATE, 0.9f, "MI"))).isTrue();
    assertThat(f.test(alert("p-1", UPDATE, 0.9f, "CD"))).as("MI gone").isFalse();
    assertThat(f.test(alert("p-1", RESOLVED, 0.9f))).as("its MI was already gone").isFalse();
  }
}
