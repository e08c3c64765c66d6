package io.ecgmon.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP forwarder on a loopback port that a test can pause, to cut a client off the network without
 * touching the broker. While paused, accepted connections stay open but no byte moves in either
 * direction (what a client sees during a network partition: its requests time out); bytes already
 * sent are held, not lost, and flow again on {@link #resume()}. {@link #dropConnections()} resets every
 * open connection instead, as a crashed middlebox would.
 *
 * <p>The target is asked for on every new connection, so it may follow a broker that restarts on a new
 * port. One thread per direction of each connection: a Kafka client opens a handful of connections.
 */
public final class PausableProxy implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PausableProxy.class);
  private static final int CONNECT_TIMEOUT_MS = 5_000;

  private final ServerSocket server;
  private final Supplier<InetSocketAddress> target;
  private final ExecutorService threads;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Object gate = new Object();
  private final AtomicInteger accepted = new AtomicInteger();
  private boolean paused;
  private volatile boolean closed;

  private PausableProxy(ServerSocket server, Supplier<InetSocketAddress> target) {
    this.server = server;
    this.target = target;
    AtomicInteger n = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "pausable-proxy-" + server.getLocalPort() + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Listens on a free loopback port and forwards every connection to {@code target.get()}. */
  public static PausableProxy start(Supplier<InetSocketAddress> target) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    PausableProxy proxy = new PausableProxy(server, target);
    proxy.threads.execute(proxy::acceptLoop);
    return proxy;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** {@code localhost:port}, for a client's bootstrap list or a broker's advertised listener. */
  public String address() {
    return "localhost:" + port();
  }

  /** Stops moving bytes; connections stay open and new ones are accepted but not served. */
  public void pause() {
    synchronized (gate) {
      paused = true;
    }
    log.info("proxy {} paused", port());
  }

  /** Lets held and new bytes flow again. */
  public void resume() {
    synchronized (gate) {
      paused = false;
      gate.notifyAll();
    }
    log.info("proxy {} resumed", port());
  }

  public boolean isPaused() {
    synchronized (gate) {
      return paused;
    }
  }

  /** Closes every open connection (both sides); the proxy keeps accepting new ones. */
  public void dropConnections() {
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    log.info("proxy {} dropped its connections", port());
  }

  /** Connections accepted since start, for tests that check traffic really went through the proxy. */
  public int acceptedConnections() {
    return accepted.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        accepted.incrementAndGet();
        sockets.add(client);
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        if (!closed) {
          log.warn("proxy {} accept failed: {}", port(), e.toString());
        }
      }
    }
  }

  private void serve(Socket client) {
    Socket upstream = new Socket();
    sockets.add(upstream);
    try {
      awaitOpen();
      upstream.connect(target.get(), CONNECT_TIMEOUT_MS);
      threads.execute(() -> pump(client, upstream));
      pump(upstream, client);
    } catch (IOException | RuntimeException e) {
      // the target is down (a stopped broker) or went away: the client sees a closed connection
      closeBoth(client, upstream);
    } catch (InterruptedException e) {
      closeBoth(client, upstream);
      Thread.currentThread().interrupt();
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[64 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) != -1) {
        awaitOpen();
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed or was reset: end both
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeBoth(from, to);
    }
  }

  private void awaitOpen() throws InterruptedException, IOException {
    synchronized (gate) {
      while (paused && !closed) {
        gate.wait();
      }
    }
    if (closed) {
      throw new IOException("proxy closed");
    }
  }

  private void closeBoth(Socket a, Socket b) {
    closeQuietly(a);
    closeQuietly(b);
  }

  private void closeQuietly(Socket s) {
    sockets.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (gate) {
      gate.notifyAll();
    }
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    dropConnections();
    threads.shutdownNow();
  }
}
