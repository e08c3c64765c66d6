package io.ecgmon.cli;

import io.ecgmon.cli.alerts.AlertsCommand;
import io.ecgmon.cli.bench.BenchCommand;
import io.ecgmon.cli.evaluate.EvaluateCommand;
import io.ecgmon.cli.demo.DemoCommand;
import io.ecgmon.cli.topics.TopicsCommand;
import io.ecgmon.localstack.LocalStack;
import io.ecgmon.monitor.MonitorCommand;
import io.ecgmon.replay.SimulateCommand;
import io.ecgmon.synth.SynthCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ecgmon} command: one entry point, one subcommand per runnable. Each subcommand is a
 * picocli {@code Callable<Integer>} that also runs on its own; adding one is one line in
 * {@link #commandLine()}.
 *
 * <p>Exit codes, the same for every subcommand: {@value #OK} success, {@value #FAILURE} runtime
 * failure (broker unreachable, bad topic definition, ...), {@value #USAGE} usage error (unknown
 * option, bad value; picocli prints the usage).
 */
@Command(name = "ecgmon", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
    description = "Event-driven 12-lead ECG monitor on Apache Kafka. Not a medical device.",
    synopsisSubcommandLabel = "COMMAND",
    footerHeading = "%nExit codes:%n",
    footer = {"  0  success", "  1  runtime failure (message on stderr)", "  2  usage error",
        "", "Run 'ecgmon COMMAND --help' for a command's options.",
        "Kafka settings, later ones winning: built-in defaults < --config FILE",
        "  < ECGMON_* environment (ECGMON_BOOTSTRAP_SERVERS=host:9092 sets bootstrap.servers)",
        "  < --bootstrap-servers, --schema-registry-url < --property key=value"})
public final class Ecgmon implements Runnable {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    // "ecgmon" alone: say what there is to do rather than fail silently
    throw new CommandLine.ParameterException(spec.commandLine(), "missing COMMAND");
  }

  /** The full command tree, configured with ecgmon's exit codes and error handling. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Ecgmon())
        .addSubcommand(named("stack", new LocalStack()))
        .addSubcommand(named("topics", new TopicsCommand()))
        .addSubcommand(named("alerts", new AlertsCommand()))
        .addSubcommand(named("simulate", new SimulateCommand()))
        .addSubcommand(named("synth", new SynthCommand()))
        .addSubcommand(named("monitor", new MonitorCommand()))
        .addSubcommand(named("demo", new DemoCommand()))
        .addSubcommand(named("evaluate", new EvaluateCommand()))
        .addSubcommand(named("bench", new BenchCommand()));
    exitCodes(cli);
    cli.setExecutionExceptionHandler(Ecgmon::onFailure);
    return cli;
  }

  /** A command under the name ecgmon gives it, whatever its own @Command name (help shows this one). */
  private static CommandLine named(String name, Object command) {
    return new CommandLine(command).setCommandName(name);
  }

  private static void exitCodes(CommandLine cmd) {
    // picocli's own defaults, written down so they cannot drift for any subcommand
    cmd.getCommandSpec().exitCodeOnInvalidInput(USAGE);
    cmd.getCommandSpec().exitCodeOnExecutionException(FAILURE);
    cmd.getCommandSpec().exitCodeOnSuccess(OK);
    cmd.getSubcommands().values().forEach(Ecgmon::exitCodes);
  }

  /** A runtime failure: one line on stderr (the stack trace with ECGMON_DEBUG=1), exit code 1. */
  static int onFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    err.println(cmd.getColorScheme().errorText(cmd.getCommandName() + ": " + describe(e)));
    if ("1".equals(System.getenv("ECGMON_DEBUG"))) {
      e.printStackTrace(err);
    } else {
      err.println("(ECGMON_DEBUG=1 shows the stack trace)");
    }
    err.flush();
    return FAILURE;
  }

  /** The exception and its causes' messages, without the stack: what an operator needs first. */
  static String describe(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
      if (s.indexOf(m) >= 0) {
        continue; // wrappers often repeat their cause's message
      }
      s.append(s.length() > 0 ? ": " : "").append(m);
      if (s.length() > 400) {
        break;
      }
    }
    return s.toString();
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
