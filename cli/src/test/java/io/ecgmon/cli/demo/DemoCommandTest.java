package io.ecgmon.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.cli.Cli;
import io.ecgmon.cli.Ecgmon;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What the demo refuses before it starts anything (no broker here), and what it hands the simulator. */
class DemoCommandTest {

  private final Cli cli = new Cli();

  private int run(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "demo";
    System.arraycopy(args, 0, all, 1, args.length);
    return cli.run(all);
  }

  @Test
  void badSimulatorOptionsAreUsageErrorsOfTheDemo() {
    assertThat(run("--speed", "fast", "--kafka-port", "0")).isEqualTo(Ecgmon.USAGE);
    assertThat(cli.err.toString()).contains("--speed: 'fast' is neither a number nor max", "Usage: ecgmon demo");
    assertThat(run("--fold", "10", "--kafka-port", "0")).isEqualTo(Ecgmon.USAGE);
    assertThat(cli.err.toString()).contains("give --ptbxl DIR");
    assertThat(run("--class", "FLU", "--kafka-port", "0")).isEqualTo(Ecgmon.USAGE);
    assertThat(cli.out.toString()).doesNotContain("starting Kafka");
  }

  @Test
  void aTakenPortFailsWithOneLineNamingTheOption() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(run("--kafka-port", Integer.toString(taken.getLocalPort()))).isEqualTo(Ecgmon.FAILURE);
      assertThat(cli.err.toString()).startsWith("demo: port " + taken.getLocalPort() + " for Kafka is in use")
          .contains("--kafka-port (0 = any free port)");
      assertThat(run("--kafka-port", "0", "--registry-port", "0", "--web", Integer.toString(taken.getLocalPort())))
          .isEqualTo(Ecgmon.FAILURE);
      assertThat(cli.err.toString()).contains("for the live view is in use", "--web");
    }
    assertThat(cli.out.toString()).doesNotContain("starting Kafka");
  }

  @Test
  void thePtbxlSelectionAndPacingGoToTheSimulator() {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs("--ptbxl", "/data/ptbxl", "--fold", "9,10", "--ids", "7", "--class", "MI,CD",
        "--rate", "500", "--speed", "4", "--patients", "30", "--seed", "5");
    assertThat(demo.simulatorArgs()).containsSequence("--ptbxl", "/data/ptbxl").containsSequence("--fold", "9,10")
        .containsSequence("--ids", "7").containsSequence("--class", "MI,CD").containsSequence("--rate", "500")
        .containsSequence("--speed", "4").containsSequence("--patients", "30").containsSequence("--seed", "5")
        .contains("--no-create-topics");
  }

  @Test
  void syntheticByDefaultWithAMixOfClasses() {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs();
    List<String> args = demo.simulatorArgs();
    assertThat(args).doesNotContain("--ptbxl", "--class").containsSequence("--patients", "12")
        .containsSequence("--speed", "1");
  }
}
