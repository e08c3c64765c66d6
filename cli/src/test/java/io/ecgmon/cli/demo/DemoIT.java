package io.ecgmon.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.cli.Cli;
import io.ecgmon.cli.KafkaFixture;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ecgmon demo} end to end, in this JVM: its own in-process broker and registry on free ports,
 * the real model, synthetic patients at four times real time (first alerts due after about 5 s) and
 * the live view. Alert lines must be printed. Then this JVM sends itself SIGTERM, as Ctrl-C or
 * {@code docker stop} would: the command must close everything and return 0, and afterwards every
 * thread it started is gone and every port it listened on can be bound again.
 */
@Timeout(300) // hang guard, not a speed check
class DemoIT {

  /** A human alert line: time, patient, kind, classes, confidence. */
  static final Pattern ALERT = Pattern.compile(
      "(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z  (synth-\\d{4})\\s+(ONSET|UPDATE|RESOLVED)\\s+(\\S+)\\s+"
          + "([01]\\.\\d\\d)$");
  /** The banner's addresses: Kafka, registry, metrics, live view. */
  static final Pattern PORTS = Pattern.compile("(?s)Kafka\\s+localhost:(\\d+).*schema registry\\s+http://127.0.0.1:(\\d+)"
      + ".*metrics\\s+http://127.0.0.1:(\\d+)/metrics.*live view\\s+http://127.0.0.1:(\\d+)/");

  static List<String[]> alerts(String printed) {
    List<String[]> out = new ArrayList<>();
    Matcher m = ALERT.matcher(printed);
    while (m.find()) {
      out.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
    }
    return out;
  }

  @Test
  void printsAlertsThenStopsOnSigtermReleasingEveryThreadAndPort() throws Exception {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    Cli cli = new Cli();
    StringWriter printed = cli.out;
    FutureTask<Integer> exit = new FutureTask<>(() -> cli.run("demo", "--kafka-port", "0",
        "--registry-port", "0", "--web", "0", "--speed", "4", "--progress-seconds", "0"));
    new Thread(exit, "demo-under-test").start();

    KafkaFixture.waitUntil("the banner", () -> printed.toString().contains("TIME (UTC)") || exit.isDone());
    assertThat(exit.isDone()).as(printed.toString()).isFalse();
    Matcher banner = PORTS.matcher(printed.toString());
    assertThat(banner.find()).as(printed.toString()).isTrue();
    List<Integer> ports = List.of(Integer.parseInt(banner.group(1)), Integer.parseInt(banner.group(2)),
        Integer.parseInt(banner.group(3)), Integer.parseInt(banner.group(4)));
    assertThat(printed.toString()).contains("12 synthetic patients");

    KafkaFixture.waitUntil("alert lines", () -> alerts(printed.toString()).size() >= 3 || exit.isDone());
    assertThat(alerts(printed.toString())).as(printed.toString()).hasSizeGreaterThanOrEqualTo(3);
    for (String[] a : alerts(printed.toString())) {
      assertThat(a[2].split(",")).as("classes of %s", a[0])
          .allSatisfy(c -> assertThat(c).isIn("MI", "STTC", "CD", "HYP"));
    }
    assertThat(get("http://127.0.0.1:" + ports.get(3) + "/health")).contains("UP");
    assertThat(get("http://127.0.0.1:" + ports.get(2) + "/health/ready")).contains("RUNNING");

    new ProcessBuilder("kill", "-TERM", Long.toString(ProcessHandle.current().pid())).inheritIO().start().waitFor();
    assertThat(exit.get(120, TimeUnit.SECONDS)).as(printed.toString()).isZero();
    assertThat(printed.toString()).contains("stopping ...").endsWith("stopped\n");

    for (int port : ports) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
        assertThat(s.getLocalPort()).isEqualTo(port);
      }
    }
    try {
      KafkaFixture.waitUntil("the demo's threads to end", () -> onlySingletonsLeft(before));
    } catch (AssertionError e) {
      throw new AssertionError("threads left running: " + demoThreads(before), e);
    }
  }

  /**
   * Threads started since {@code before} and still alive, but for process-wide singletons that outlive
   * any one user by design: the JDK's common pool and the scheduler of Kafka's static Yammer metrics
   * registry (started by the first in-process broker).
   */
  private static List<String> demoThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.isAlive())
        .map(Thread::getName)
        .filter(n -> !n.startsWith("ForkJoinPool.commonPool") && !n.equals("process reaper")
            && !n.equals("Attach Listener") && !n.matches("metrics-meter-tick-thread-\\d+"))
        .sorted()
        .collect(Collectors.toList());
  }

  /**
   * Nothing left, or only the threads of the one JDK HttpClient the registry clients share: its selector
   * lives as long as the JVM, its idle workers end a minute after their last request.
   */
  private static boolean onlySingletonsLeft(Set<Thread> before) {
    Set<String> clients = demoThreads(before).stream()
        .map(n -> n.matches("HttpClient-\\d+-(SelectorManager|Worker-\\d+)") ? n.split("-")[1] : n)
        .collect(Collectors.toSet());
    return clients.size() <= 1 && clients.stream().allMatch(id -> id.matches("\\d+"));
  }

  private static String get(String url) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setConnectTimeout(30_000);
    c.setReadTimeout(30_000);
    try (InputStream in = c.getInputStream()) {
      assertThat(c.getResponseCode()).as(url).isEqualTo(200);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }
}
