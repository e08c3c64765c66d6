package io.ecgmon.reliability;

import io.ecgmon.monitor.MonitorApp;
import io.ecgmon.monitor.MonitorConfig;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A monitor instance in a JVM of its own, for the crash test: {@code MonitorProcess <properties file>}
 * starts {@link MonitorApp} on exactly those settings (the programmatic API, so the test does not depend
 * on command-line option names) and runs until killed. It prints {@code STATE <state>} on every Kafka
 * Streams state change, which the test waits on.
 */
public final class MonitorProcess {

  private MonitorProcess() {}

  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
      p.load(r);
    }
    MonitorApp app = MonitorApp.start(new MonitorConfig(p));
    String last = "";
    while (true) {
      String state = app.streams().state().name();
      if (!state.equals(last)) {
        System.out.println("STATE " + state);
        System.out.flush();
        last = state;
      }
      Thread.sleep(50);
    }
  }

  /** The command line that runs {@code main} with this JVM's class path. */
  static List<String> command(Path properties) {
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.add("-Xmx512m");
    c.add("-cp");
    c.add(System.getProperty("java.class.path"));
    c.add(MonitorProcess.class.getName());
    c.add(properties.toString());
    return c;
  }
}
