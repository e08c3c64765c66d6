package io.ecgmon.reliability;

import static io.ecgmon.reliability.Kit.WAIT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.avro.Alert;
import io.ecgmon.avro.Classification;
import io.ecgmon.avro.DeadLetter;
import io.ecgmon.broker.EmbeddedKafka;
import io.ecgmon.monitor.MonitorApp;
import io.ecgmon.registry.server.SchemaRegistryServer;
import io.ecgmon.reliability.Kit.Reader;
import io.ecgmon.reliability.Kit.Topics;
import io.ecgmon.reliability.Kit.WindowKey;
import io.ecgmon.replay.SimulateCommand;
import io.ecgmon.replay.Simulation;
import java.io.File;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two monitor instances share the work on a 3-node cluster (replication 3, min ISR 2, 6 input
 * partitions); one runs in a JVM of its own and is killed with SIGKILL mid-stream while the real
 * simulator keeps sending. The survivor takes the dead one's tasks over (its open transaction is
 * aborted, its state restored from the changelogs): a read_committed reader sees every window of the
 * produced stream exactly once and exactly the alerts those classifications imply, once each.
 */
class InstanceCrashIT {

  static EmbeddedKafka kafka;
  static SchemaRegistryServer registry;

  @BeforeAll
  static void threeNodes() throws Exception {
    kafka = EmbeddedKafka.builder().nodes(3).start();
    registry = SchemaRegistryServer.start(kafka.superUserConfig(), "localhost", 0, SchemaRegistryServer.DEFAULT_TOPIC);
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void aKilledInstanceMidStreamLosesAndRepeatsNothing() throws Exception {
    Map<String, Object> client = kafka.superUserConfig();
    Topics topics = Topics.fresh("crash");
    topics.create(client, 6, 3, 3);
    String appId = "rel-crash-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> config = Kit.monitorConfig(appId, client, registry.url(), topics);
    config.put("session.timeout.ms", "6000"); // the killed member is out of the group after 6 s, not 45
    config.put("heartbeat.interval.ms", "1000");

    Path properties = Kit.tempDir("monitor-process-").resolve("monitor.properties");
    Properties p = new Properties();
    p.putAll(config);
    try (Writer w = Files.newBufferedWriter(properties)) {
      p.store(w, "forked monitor of InstanceCrashIT");
    }
    File log = Files.createTempFile("monitor-process-", ".log").toFile();
    Process child = new ProcessBuilder(MonitorProcess.command(properties)).redirectErrorStream(true)
        .redirectOutput(log).start();
    Simulation sim = null;
    Map<String, String> local = new HashMap<>(config);
    local.put("state.dir", Kit.tempDir("ecgmon-rel-local-").toString());
    try (Admin admin = Admin.create(client);
        Reader<Classification> out = new Reader<>(client, registry.url(), topics.classifications())) {
      Kit.await(() -> logOf(log).contains("STATE RUNNING"), WAIT_MS, () -> "forked monitor RUNNING; log " + log);
      Kit.step("crash: forked monitor RUNNING (log " + log + ")");
      // 12 synthetic patients (every class), an endless stream at 3x real time until stopped
      sim = SimulateCommand.start("--bootstrap-servers", kafka.bootstrapServers(),
          "--schema-registry-url", registry.url(), "--segments-topic", topics.segments(),
          "--patient-info-topic", topics.patientInfo(), "--patients", "12", "--speed", "3", "--seed", "11");
      out.until(l -> l.size() >= 12, WAIT_MS);
      Kit.step("crash: the forked monitor classifies (" + out.values().size() + " windows)");

      try (MonitorApp survivor = Kit.startMonitor(local)) {
        Kit.awaitRunning(survivor, WAIT_MS);
        Kit.await(() -> instancesWithPartitions(admin, appId) == 2, WAIT_MS,
            () -> "both instances owning partitions of " + appId);
        int before = out.poll().size();
        out.until(l -> l.size() >= before + 12, WAIT_MS);
        assertThat(child.isAlive()).as("forked monitor alive before the kill; log %s", log).isTrue();
        assertThat(instancesWithPartitions(admin, appId)).as("the forked instance owns partitions now").isEqualTo(2);
        assertThat(sim.isDone()).as("the stream is still running").isFalse();
        Kit.step("crash: two instances share the work (" + out.values().size() + " windows); SIGKILL to the forked one");

        child.destroyForcibly(); // SIGKILL: no commit, no leaving the group, an open transaction left behind
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // the survivor takes over, and the stream goes on for a while after the takeover
        Kit.await(() -> instancesWithPartitions(admin, appId) == 1, WAIT_MS, () -> "the dead member leaving the group");
        int afterKill = out.poll().size();
        Kit.step("crash: the survivor owns every partition (" + afterKill + " windows)");
        out.until(l -> l.size() >= afterKill + 24, WAIT_MS);
        sim.stop();
        assertThat(sim.await(Duration.ofSeconds(60))).isTrue();
        assertThat(sim.failure()).isNull();

        Kit.step("crash: simulator stopped after " + sim.counters().segments() + " segments");
        Set<WindowKey> expected = Kit.expectedWindows(Kit.readSegments(client, registry.url(), topics.segments()));
        List<Classification> classified = out.until(l -> l.size() >= expected.size(), WAIT_MS);
        List<String> expectedAlerts = Kit.expectedAlerts(new java.util.ArrayList<>(classified));
        List<Alert> alerts;
        try (Reader<Alert> a = new Reader<>(client, registry.url(), topics.alerts())) {
          alerts = a.until(l -> l.size() >= expectedAlerts.size(), WAIT_MS);
        }
        Kit.step("crash: " + classified.size() + " classifications (" + expected.size() + " expected; the survivor "
            + "classified " + (long) Kit.classifiedBy(survivor) + "), " + alerts.size() + " alerts");
        Kit.assertExactlyOnce(classified, expected, alerts);
        assertThat(expected).as("windows of 12 patients").hasSizeGreaterThan(12 * 10);
        assertThat(expectedAlerts).as("the synthetic abnormal patients raise alerts").isNotEmpty();
        try (Reader<DeadLetter> dead = new Reader<>(client, registry.url(), topics.deadLetters())) {
          assertThat(dead.until(l -> true, WAIT_MS)).as("dead letters of a clean stream").isEmpty();
        }
        assertThat(survivor.streams().state().isRunningOrRebalancing()).isTrue();
      }
    } finally {
      if (sim != null) {
        sim.close();
      }
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Instances of the application that own at least one partition. Every stream thread is a group member of its
   * own, with client id {@code <application.id>-<process id>-StreamThread-<n>-consumer}:
   * members are counted per process id, so the count does not depend on num.stream.threads.
   */
  static long instancesWithPartitions(Admin admin, String group) {
    try {
      return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group).members()
          .stream().filter(m -> !m.assignment().topicPartitions().isEmpty())
          .map(m -> m.clientId().replaceFirst("-StreamThread-\\d+-consumer$", "")).distinct().count();
    } catch (Exception e) {
      return -1;
    }
  }

  static String logOf(File log) {
    try {
      return Files.readString(log.toPath());
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
