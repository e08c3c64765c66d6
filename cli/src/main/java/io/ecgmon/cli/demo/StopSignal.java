package io.ecgmon.cli.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a request to stop rather than the JVM's exit: the main thread then
 * closes everything in order and returns its own exit code (0). With only a shutdown hook the JVM is
 * already exiting with status 130/143 while the pieces close. A second signal while closing halts at
 * once. Where the JVM does not let us handle a signal (-Xrs), a shutdown hook requests the stop and
 * waits for the close instead.
 */
final class StopSignal implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StopSignal.class);

  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Map<Signal, SignalHandler> replaced = new LinkedHashMap<>();
  private Thread hook;

  StopSignal() {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal signal = new Signal(name);
        replaced.put(signal, Signal.handle(signal, s -> onSignal(name)));
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        useShutdownHook();
      }
    }
  }

  private void onSignal(String name) {
    if (requested.getCount() == 0) {
      System.err.println("demo: second SIG" + name + ": halting without closing");
      Runtime.getRuntime().halt(130);
    }
    log.info("SIG{}: stopping (a second one halts at once)", name);
    requested.countDown();
  }

  private void useShutdownHook() {
    if (hook != null) {
      return;
    }
    hook = new Thread(() -> {
      requested.countDown();
      try {
        closed.await(90, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "ecgmon-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Waits up to {@code millis} for a stop request; true when one came. */
  boolean await(long millis) throws InterruptedException {
    return requested.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Everything is closed: the JVM's own handling comes back (a later Ctrl-C exits as usual). */
  @Override
  public void close() {
    closed.countDown();
    replaced.forEach(Signal::handle);
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running and has been released by `closed`
      }
    }
  }
}
