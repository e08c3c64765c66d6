package io.ecgmon.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.avro.Classification;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hard crash: the monitor runs in its own JVM ({@code MonitorCommand}, as deployed) and is killed
 * with SIGKILL while segments keep arriving; a new instance takes over. Its open transaction is
 * aborted, windows that waited in memory are found again in the restored state, and a read_committed
 * consumer sees every window exactly once.
 */
class MonitorCrashIT {

  @BeforeAll
  static void start() throws Exception {
    MonitorIT.start();
  }

  @AfterAll
  static void stop() throws Exception {
    MonitorIT.stop();
  }

  @Test
  void aKilledInstanceLosesAndRepeatsNothing() throws Exception {
    Map<String, String> cfg = MonitorIT.fresh("crash", 2);
    cfg.put("session.timeout.ms", "6000"); // the killed member leaves the group after 6 s, not 45
    cfg.put(MonitorConfig.HTTP_PORT, "-1");
    String segments = cfg.get(MonitorConfig.TOPIC_SEGMENTS);
    List<String> patients = List.of("k-1", "k-2", "k-3", "k-4", "k-5", "k-6");
    Set<String> expected = new HashSet<>();
    for (String p : patients) {
      for (long s = 0; s + 1000 <= 6000; s += 500) {
        expected.add(p + "@" + s);
      }
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), MonitorCommand.class.getName()));
    cfg.forEach((k, v) -> command.addAll(List.of("--property", k + "=" + v)));
    File log = Files.createTempFile("monitor-crash-", ".log").toFile();
    Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    // segments keep coming, 60 s of recording in ~18 s, while the child works and after it is killed
    Thread feeder = new Thread(() -> {
      try (KafkaProducer<String, Object> producer = MonitorIT.producer()) {
        for (int second = 0; second < 60; second++) {
          for (int i = 0; i < patients.size(); i++) {
            MonitorIT.produce(producer, segments, patients.get(i), 40 + i, 100, second, second + 1);
          }
          producer.flush();
          Thread.sleep(300);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    feeder.start();
    try {
      List<Object> before = MonitorIT.readCommitted(cfg.get(MonitorConfig.TOPIC_CLASSIFICATIONS),
          l -> l.size() >= 6);
      assertThat(before).as("the child classified before the kill (its log: %s)", log).hasSizeGreaterThanOrEqualTo(6);
      assertThat(feeder.isAlive()).as("killed mid-stream").isTrue();
    } finally {
      child.destroyForcibly(); // SIGKILL: no commit, no leaving the group
      child.waitFor(30, TimeUnit.SECONDS);
    }
    feeder.join();
    Map<String, String> next = new HashMap<>(cfg);
    next.put("state.dir", Files.createTempDirectory("ecgmon-it-crash-").toString());
    try (MonitorApp app = MonitorApp.start(new MonitorConfig(MonitorIT.props(next)))) {
      MonitorIT.awaitRunning(app);
      List<Classification> out = MonitorIT.classifications(MonitorIT.readCommitted(
          cfg.get(MonitorConfig.TOPIC_CLASSIFICATIONS), l -> l.size() >= expected.size()));
      List<String> got = out.stream().map(c -> c.getPatientId() + "@" + c.getWindowStartIndex()).toList();
      assertThat(got).doesNotHaveDuplicates();
      assertThat(new HashSet<>(got)).isEqualTo(expected);
    }
  }
}
