package io.ecgmon.cli.web;

import java.util.List;
import picocli.CommandLine.Option;

/** The live view's options ({@code --web [PORT]}, {@code --web-host}), shared by {@code alerts} and {@code demo}. */
public final class WebOptions {

  public static final int DEFAULT_PORT = 8088;

  @Option(names = "--web", paramLabel = "PORT", arity = "0..1", fallbackValue = "" + DEFAULT_PORT,
      description = "Serve the live web view on PORT (" + DEFAULT_PORT + " when no PORT is given; 0 = any free port).")
  Integer port;

  @Option(names = "--web-host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address the web view listens on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface: "
          + "the page shows patient data and has no login, so only behind an authenticating proxy).")
  String host;

  /** True when {@code --web} was given. */
  public boolean enabled() {
    return port != null;
  }

  /** The port asked for (0 = any free one); only when {@link #enabled()}. */
  public int port() {
    return port;
  }

  public String host() {
    return host;
  }

  /** These options as command-line arguments, to hand them on to another command. */
  public List<String> args() {
    return enabled() ? List.of("--web", Integer.toString(port), "--web-host", host) : List.of();
  }
}
