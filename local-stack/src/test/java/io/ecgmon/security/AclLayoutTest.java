package io.ecgmon.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** Least-privilege properties of the layout that the integration test cannot see by trying things. */
class AclLayoutTest {

  static final AclLayout LAYOUT = AclLayout.defaults();
  static final List<AclBinding> ACLS = LAYOUT.bindings();

  static List<AclBinding> of(String principal) {
    return ACLS.stream().filter(a -> a.entry().principal().equals(principal)).toList();
  }

  static Predicate<AclBinding> grants(AclOperation op) {
    return a -> a.entry().operation() == op || a.entry().operation() == AclOperation.ALL;
  }

  @Test
  void everyBindingIsAnAllowForAnyHostOnANamedResource() {
    assertThat(ACLS).isNotEmpty().allSatisfy(a -> {
      assertThat(a.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
      assertThat(a.entry().host()).isEqualTo("*");
      assertThat(a.pattern().name()).isNotIn("*", "");
      assertThat(a.pattern().resourceType()).isNotEqualTo(ResourceType.CLUSTER);
    });
    assertThat(ACLS).doesNotHaveDuplicates();
  }

  @Test
  void onlyTheFiveComponentsAppear() {
    assertThat(ACLS).extracting(a -> a.entry().principal()).containsOnly(AclLayout.SIMULATOR, AclLayout.MONITOR,
        AclLayout.ALERTS_SUBSCRIBER, AclLayout.LIVE_VIEW, AclLayout.REGISTRY);
  }

  @Test
  void theSimulatorOnlyWritesItsTwoTopics() {
    assertThat(of(AclLayout.SIMULATOR)).noneMatch(grants(AclOperation.READ))
        .allSatisfy(a -> assertThat(a.pattern().name()).isIn("ecg-segments", "patient-info"))
        .allSatisfy(a -> assertThat(a.pattern().patternType()).isEqualTo(PatternType.LITERAL));
  }

  @Test
  void theAlertsSubscriberOnlyReads() {
    assertThat(of(AclLayout.ALERTS_SUBSCRIBER)).allMatch(a -> a.entry().operation() == AclOperation.READ);
    assertThat(of(AclLayout.ALERTS_SUBSCRIBER)).filteredOn(a -> a.pattern().resourceType() == ResourceType.TOPIC)
        .extracting(a -> a.pattern().name()).containsExactlyInAnyOrder("alerts", "classifications");
  }

  @Test
  void rawSegmentsAreReadByTheMonitorAndTheLiveViewOnly() {
    assertThat(ACLS).filteredOn(a -> a.pattern().name().equals("ecg-segments")).filteredOn(grants(AclOperation.READ))
        .extracting(a -> a.entry().principal()).containsExactlyInAnyOrder(AclLayout.MONITOR, AclLayout.LIVE_VIEW);
    assertThat(of(AclLayout.LIVE_VIEW)).allMatch(a -> a.entry().operation() == AclOperation.READ);
  }

  @Test
  void theMonitorOwnsOnlyWhatIsNamedAfterItsApplicationIdAndCannotWriteItsInputs() {
    assertThat(of(AclLayout.MONITOR)).filteredOn(a -> a.pattern().patternType() == PatternType.PREFIXED)
        .extracting(a -> a.pattern().resourceType(), a -> a.pattern().name())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(ResourceType.TOPIC, "ecgmon-monitor"),
            org.assertj.core.groups.Tuple.tuple(ResourceType.GROUP, "ecgmon-monitor"),
            org.assertj.core.groups.Tuple.tuple(ResourceType.TRANSACTIONAL_ID, "ecgmon-monitor"));
    assertThat(of(AclLayout.MONITOR))
        .filteredOn(a -> a.pattern().name().equals("ecg-segments") || a.pattern().name().equals("patient-info"))
        .allMatch(a -> a.entry().operation() == AclOperation.READ);
    assertThat(LAYOUT.deadLetterTopic()).isEqualTo("ecgmon-monitor-dead-letters");
  }

  @Test
  void nobodyButTheRegistryTouchesTheSchemasTopic() {
    assertThat(ACLS).filteredOn(a -> a.pattern().name().equals("_schemas"))
        .extracting(a -> a.entry().principal()).containsOnly(AclLayout.REGISTRY);
  }

  @Test
  void namesFollowTheLayoutsFields() {
    AclLayout renamed = new AclLayout("User:s", "User:m", "User:a", "User:v", "User:r", "seg", "info", "cls", "alr",
        "mon-app", "pager", "_reg", "reg-group");
    assertThat(renamed.bindings()).extracting(a -> a.pattern().name())
        .containsOnly("seg", "info", "cls", "alr", "mon-app", "mon-app-dead-letters", "pager", "_reg", "reg-group");
  }
}
