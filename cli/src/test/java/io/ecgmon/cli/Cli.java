package io.ecgmon.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs an ecgmon command in this JVM and keeps what it printed. */
public final class Cli {

  public final StringWriter out = new StringWriter();
  public final StringWriter err = new StringWriter();

  public int run(String... args) {
    CommandLine cli = Ecgmon.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  public String[] outLines() {
    return out.toString().lines().toArray(String[]::new);
  }
}
