package io.ecgmon.reliability;

import static io.ecgmon.reliability.Kit.WAIT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.avro.Alert;
import io.ecgmon.avro.Classification;
import io.ecgmon.broker.EmbeddedKafka;
import io.ecgmon.monitor.MonitorApp;
import io.ecgmon.registry.server.SchemaRegistryServer;
import io.ecgmon.reliability.Kit.Reader;
import io.ecgmon.reliability.Kit.Topics;
import io.ecgmon.reliability.Kit.WindowKey;
import io.ecgmon.replay.SimulateCommand;
import io.ecgmon.replay.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitor on a 3-node cluster (replication 3, min ISR 2) while the real simulator streams:
 * a broker leading input and output partitions is stopped and restarted, or the monitor loses the
 * network (every broker's proxy paused) for longer than its request timeout and the transaction
 * timeout. Either way it recovers by itself and a read_committed reader sees every window of the
 * produced stream exactly once, and exactly the alerts they imply.
 */
class BrokerFaultsIT {

  static EmbeddedKafka kafka;
  static SchemaRegistryServer registry;
  static Map<String, Object> direct;

  @BeforeAll
  static void threeProxiedNodes() throws Exception {
    kafka = EmbeddedKafka.builder().nodes(3).proxied().start();
    direct = kafka.superUserConfig();
    registry = SchemaRegistryServer.start(direct, "localhost", 0, SchemaRegistryServer.DEFAULT_TOPIC);
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

  static Simulation simulate(Topics topics, long seed) throws Exception {
    // 10 synthetic patients (every class), an endless stream at 3x real time until stopped; the simulator
    // talks to the brokers directly: only the monitor is cut off in the pause test
    return SimulateCommand.start("--bootstrap-servers", kafka.bootstrapServers(),
        "--schema-registry-url", registry.url(), "--segments-topic", topics.segments(),
        "--patient-info-topic", topics.patientInfo(), "--patients", "10", "--speed", "3", "--seed", Long.toString(seed));
  }

  @Test
  void aRestartOfTheBrokerLeadingInputsAndOutputsLosesAndRepeatsNothing() throws Exception {
    Topics topics = Topics.fresh("restart");
    topics.create(direct, 6, 3, 3);
    Map<String, String> config = Kit.monitorConfig("rel-restart-" + UUID.randomUUID().toString().substring(0, 8),
        direct, registry.url(), topics);
    Simulation sim = null;
    try (Admin admin = Admin.create(direct);
        MonitorApp app = Kit.startMonitor(config);
        Reader<Classification> out = new Reader<>(direct, registry.url(), topics.classifications())) {
      Kit.awaitRunning(app, WAIT_MS);
      sim = simulate(topics, 21);
      out.until(l -> l.size() >= 10, WAIT_MS);

      Map<Integer, int[]> led = leadership(admin, topics);
      int victim = led.entrySet().stream().filter(e -> e.getValue()[0] > 0 && e.getValue()[1] > 0)
          .max(java.util.Comparator.comparingInt(e -> e.getValue()[0] + e.getValue()[1])).orElseThrow().getKey();
      Kit.step("restart: " + out.values().size() + " windows; stopping broker " + victim + ", leader of "
          + led.get(victim)[0] + " input and " + led.get(victim)[1] + " output partitions");
      kafka.stopBroker(victim);
      int atStop = out.poll().size();
      out.until(l -> l.size() >= atStop + 20, WAIT_MS);
      assertThat(leadership(admin, topics)).as("leaders with broker %d down", victim).doesNotContainKey(victim);
      Kit.step("restart: the monitor went on with the broker down (" + out.values().size() + " windows); restarting it");

      kafka.startBroker(victim);
      Kit.await(() -> fullIsr(admin, topics), WAIT_MS, () -> "broker " + victim + " back in every ISR");
      int atStart = out.poll().size();
      out.until(l -> l.size() >= atStart + 20, WAIT_MS);
      sim.stop();
      assertThat(sim.await(Duration.ofSeconds(60))).isTrue();
      assertThat(sim.failure()).isNull();
      Kit.step("restart: broker back in sync; simulator stopped after " + sim.counters().segments() + " segments");

      finish(app, topics, out);
    } finally {
      if (sim != null) {
        sim.close();
      }
    }
  }

  @Test
  void aNetworkPauseLongerThanTheRequestAndTransactionTimeoutsLosesAndRepeatsNothing() throws Exception {
    Topics topics = Topics.fresh("pause");
    topics.create(direct, 6, 3, 3);
    Map<String, Object> proxied = new HashMap<>(direct);
    proxied.put("bootstrap.servers", kafka.proxiedBootstrapServers());
    Map<String, String> config = Kit.monitorConfig("rel-pause-" + UUID.randomUUID().toString().substring(0, 8),
        proxied, registry.url(), topics);
    // requests time out during the pause, so every client of the monitor gives up its connections and
    // retries; the pause also outlasts Streams' exactly-once transaction timeout (10 s), so an open
    // transaction is aborted by the broker and the monitor's producer is fenced when it comes back
    config.put("request.timeout.ms", "4000");
    long pauseMs = 14_000;
    Simulation sim = null;
    try (MonitorApp app = Kit.startMonitor(config);
        Reader<Classification> out = new Reader<>(direct, registry.url(), topics.classifications())) {
      Kit.awaitRunning(app, WAIT_MS);
      sim = simulate(topics, 31);
      out.until(l -> l.size() >= 10, WAIT_MS);
      int connections = kafka.brokerIds().stream().mapToInt(id -> kafka.proxy(id).acceptedConnections()).sum();

      Kit.step("pause: " + out.values().size() + " windows; pausing the monitor's network for " + pauseMs + " ms");
      kafka.pauseProxies();
      Thread.sleep(3_000); // what was already past the proxies may still commit
      int paused = out.poll().size();
      Thread.sleep(pauseMs - 3_000);
      assertThat(out.poll()).as("nothing is committed while the monitor is cut off").hasSize(paused);
      kafka.resumeProxies();
      Kit.step("pause: resumed (" + out.values().size() + " windows)");

      out.until(l -> l.size() >= paused + 20, WAIT_MS);
      assertThat(kafka.brokerIds().stream().mapToInt(id -> kafka.proxy(id).acceptedConnections()).sum())
          .as("the monitor's clients gave up timed-out connections and opened new ones").isGreaterThan(connections);
      sim.stop();
      assertThat(sim.await(Duration.ofSeconds(60))).isTrue();
      assertThat(sim.failure()).isNull();
      Kit.step("pause: simulator stopped after " + sim.counters().segments() + " segments");

      finish(app, topics, out);
    } finally {
      if (sim != null) {
        sim.close();
      }
    }
  }

  /** Every window of what was produced exactly once, the implied alerts once each, the app running. */
  static void finish(MonitorApp app, Topics topics, Reader<Classification> out) throws Exception {
    Set<WindowKey> expected = Kit.expectedWindows(Kit.readSegments(direct, registry.url(), topics.segments()));
    List<Classification> classified = out.until(l -> l.size() >= expected.size(), WAIT_MS);
    List<String> expectedAlerts = Kit.expectedAlerts(new ArrayList<>(classified));
    List<Alert> alerts;
    try (Reader<Alert> a = new Reader<>(direct, registry.url(), topics.alerts())) {
      alerts = a.until(l -> l.size() >= expectedAlerts.size(), WAIT_MS);
    }
    Kit.step(classified.size() + " classifications (" + expected.size() + " expected), " + alerts.size()
        + " alerts; stream threads " + Kit.streamThreads(app));
    Kit.assertExactlyOnce(classified, expected, alerts);
    assertThat(expectedAlerts).as("the synthetic abnormal patients raise alerts").isNotEmpty();
    Kit.awaitRunning(app, WAIT_MS); // recovered by itself
  }

  /** Per broker: {input partitions, output partitions} it leads, for the test's topics. */
  static Map<Integer, int[]> leadership(Admin admin, Topics topics) throws Exception {
    Map<Integer, int[]> led = new HashMap<>();
    Map<String, TopicDescription> d = admin.describeTopics(List.of(topics.segments(), topics.patientInfo(),
        topics.classifications(), topics.alerts())).allTopicNames().get();
    d.forEach((name, description) -> {
      boolean input = name.equals(topics.segments()) || name.equals(topics.patientInfo());
      for (TopicPartitionInfo p : description.partitions()) {
        if (p.leader() != null) {
          led.computeIfAbsent(p.leader().id(), id -> new int[2])[input ? 0 : 1]++;
        }
      }
    });
    return led;
  }

  static boolean fullIsr(Admin admin, Topics topics) {
    try {
      return admin.describeTopics(List.of(topics.segments(), topics.classifications(), topics.alerts()))
          .allTopicNames().get().values().stream().flatMap(d -> d.partitions().stream())
          .allMatch(p -> p.isr().size() == 3);
    } catch (Exception e) {
      return false;
    }
  }
}
