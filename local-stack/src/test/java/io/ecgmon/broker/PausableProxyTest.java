package io.ecgmon.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy in front of a plain echo server. */
class PausableProxyTest {

  ServerSocket echo;
  Thread echoThread;
  PausableProxy proxy;

  @BeforeEach
  void echoServerBehindAProxy() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    echoThread = new Thread(() -> {
      while (!echo.isClosed()) {
        try {
          Socket s = echo.accept();
          Thread t = new Thread(() -> {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
              in.transferTo(out);
            } catch (IOException ignored) {
              // the peer went away
            }
          });
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    echoThread.setDaemon(true);
    echoThread.start();
    proxy = PausableProxy.start(() -> new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort()));
  }

  @AfterEach
  void close() throws IOException {
    proxy.close();
    echo.close();
  }

  Socket client() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    s.setSoTimeout(5_000);
    return s;
  }

  static String roundTrip(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    return read(s, text.length());
  }

  static String read(Socket s, int length) throws IOException {
    byte[] buffer = new byte[length];
    new DataInputStream(s.getInputStream()).readFully(buffer);
    return new String(buffer, StandardCharsets.UTF_8);
  }

  @Test
  void forwardsBothWays() throws IOException {
    try (Socket s = client()) {
      assertThat(roundTrip(s, "ping")).isEqualTo("ping");
      assertThat(roundTrip(s, "pong")).isEqualTo("pong");
    }
    assertThat(proxy.acceptedConnections()).isEqualTo(1);
  }

  @Test
  void holdsBytesWhilePausedAndDeliversThemOnResume() throws IOException {
    try (Socket s = client()) {
      assertThat(roundTrip(s, "before")).isEqualTo("before");
      proxy.pause();
      assertThat(proxy.isPaused()).isTrue();
      s.getOutputStream().write("held".getBytes(StandardCharsets.UTF_8));
      s.setSoTimeout(500);
      assertThatThrownBy(() -> read(s, 4)).isInstanceOf(SocketTimeoutException.class);
      proxy.resume();
      s.setSoTimeout(5_000);
      assertThat(read(s, 4)).isEqualTo("held");
      assertThat(roundTrip(s, "after")).isEqualTo("after");
    }
  }

  @Test
  void aConnectionOpenedWhilePausedIsServedAfterResume() throws IOException {
    proxy.pause();
    try (Socket s = client()) {
      s.getOutputStream().write("early".getBytes(StandardCharsets.UTF_8));
      s.setSoTimeout(500);
      assertThatThrownBy(() -> read(s, 5)).isInstanceOf(SocketTimeoutException.class);
      proxy.resume();
      s.setSoTimeout(5_000);
      assertThat(read(s, 5)).isEqualTo("early");
    }
  }

  @Test
  void dropConnectionsResetsOpenConnectionsButKeepsAccepting() throws IOException {
    try (Socket s = client()) {
      assertThat(roundTrip(s, "x")).isEqualTo("x");
      proxy.dropConnections();
      assertThatThrownBy(() -> {
        s.getOutputStream().write('y');
        read(s, 1);
      }).isInstanceOf(IOException.class);
    }
    try (Socket s = client()) {
      assertThat(roundTrip(s, "again")).isEqualTo("again");
    }
  }

  @Test
  void aTargetThatIsDownClosesTheClientAndANewTargetIsFollowed() throws IOException {
    AtomicReference<InetSocketAddress> target = new AtomicReference<>();
    int closedPort;
    try (ServerSocket gone = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      closedPort = gone.getLocalPort();
    }
    target.set(new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort));
    try (PausableProxy moving = PausableProxy.start(target::get)) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), moving.port())) {
        s.setSoTimeout(5_000);
        assertThat(s.getInputStream().read()).as("end of stream from a proxy whose target is down").isEqualTo(-1);
      }
      target.set(new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort()));
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), moving.port())) {
        s.setSoTimeout(5_000);
        assertThat(roundTrip(s, "moved")).isEqualTo("moved");
      }
    }
  }
}
