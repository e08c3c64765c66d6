package io.ecgmon.security;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on an ecgmon cluster with an authorizer (docs/security.md has the table). Least
 * privilege per component:
 *
 * <ul>
 *   <li>simulator: writes segments and patient info, reads nothing. Its idempotent producer needs no
 *       cluster-level IDEMPOTENT_WRITE: since Kafka 3.0 (KIP-679) WRITE on a topic is enough.
 *   <li>monitor (Kafka Streams): reads the two inputs, writes classifications, alerts and its dead
 *       letters, and owns everything named after its application.id: internal topics (changelogs,
 *       repartition topics, which it creates), its consumer group, its exactly-once transactional ids.
 *   <li>alerts subscriber: reads alerts and classifications in groups named {@code ecgmon-alerts*}.
 *   <li>live view ({@code ecgmon alerts --web}): the subscriber's rights plus the raw ECG segments for
 *       its strips, a separate principal because raw signal is the most sensitive data here.
 *   <li>schema registry: owns its {@code _schemas} topic and reads in its group.
 * </ul>
 *
 * Topic creation for the main topics is an administrator's job ({@code ecgmon topics}), not a
 * component's. {@link #apply(Admin)} is idempotent: creating an existing ACL is a no-op.
 */
public record AclLayout(
    String simulator,
    String monitor,
    String alertsSubscriber,
    String liveView,
    String registry,
    String segmentsTopic,
    String patientInfoTopic,
    String classificationsTopic,
    String alertsTopic,
    String monitorApplicationId,
    String alertsGroupPrefix,
    String schemasTopic,
    String registryGroup) {

  public static final String SIMULATOR = "User:ecgmon-sim";
  public static final String MONITOR = "User:ecgmon-monitor";
  public static final String ALERTS_SUBSCRIBER = "User:ecgmon-alerts";
  public static final String LIVE_VIEW = "User:ecgmon-view";
  public static final String REGISTRY = "User:ecgmon-registry";
  private static final String ANY_HOST = "*";

  /** The project's default principals, topic names and application id. */
  public static AclLayout defaults() {
    return new AclLayout(SIMULATOR, MONITOR, ALERTS_SUBSCRIBER, LIVE_VIEW, REGISTRY,
        "ecg-segments", "patient-info", "classifications", "alerts",
        "ecgmon-monitor", "ecgmon-alerts", "_schemas", "schema-registry");
  }

  /** The monitor's dead-letter topic, {@code <application.id>-dead-letters} by convention. */
  public String deadLetterTopic() {
    return monitorApplicationId + "-dead-letters";
  }

  /** Every ALLOW binding of the layout (nothing is denied explicitly: the authorizer denies by default). */
  public List<AclBinding> bindings() {
    List<AclBinding> acls = new ArrayList<>();
    for (String topic : List.of(segmentsTopic, patientInfoTopic)) {
      acls.add(allow(simulator, TOPIC, topic, LITERAL, WRITE));
      acls.add(allow(simulator, TOPIC, topic, LITERAL, DESCRIBE));
    }

    acls.add(allow(monitor, TOPIC, segmentsTopic, LITERAL, READ));
    acls.add(allow(monitor, TOPIC, patientInfoTopic, LITERAL, READ));
    for (String topic : List.of(classificationsTopic, alertsTopic, deadLetterTopic())) {
      acls.add(allow(monitor, TOPIC, topic, LITERAL, WRITE));
    }
    acls.add(allow(monitor, TOPIC, monitorApplicationId, PREFIXED, ALL));
    acls.add(allow(monitor, GROUP, monitorApplicationId, PREFIXED, ALL));
    acls.add(allow(monitor, TRANSACTIONAL_ID, monitorApplicationId, PREFIXED, ALL));

    for (String reader : List.of(alertsSubscriber, liveView)) {
      acls.add(allow(reader, TOPIC, alertsTopic, LITERAL, READ));
      acls.add(allow(reader, TOPIC, classificationsTopic, LITERAL, READ));
      acls.add(allow(reader, GROUP, alertsGroupPrefix, PREFIXED, READ));
    }
    acls.add(allow(liveView, TOPIC, segmentsTopic, LITERAL, READ));

    acls.add(allow(registry, TOPIC, schemasTopic, LITERAL, ALL));
    acls.add(allow(registry, GROUP, registryGroup, LITERAL, READ));
    return List.copyOf(acls);
  }

  /** Creates every binding through the Admin API (run it as a super user or a principal with ALTER on the cluster). */
  public List<AclBinding> apply(Admin admin) throws ExecutionException, InterruptedException {
    List<AclBinding> acls = bindings();
    admin.createAcls(acls).all().get();
    return acls;
  }

  private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
      AclOperation operation) {
    return new AclBinding(new ResourcePattern(type, name, pattern),
        new AccessControlEntry(principal, ANY_HOST, operation, AclPermissionType.ALLOW));
  }
}
