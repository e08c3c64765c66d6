package io.ecgmon.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {

  @TempDir
  Path dir;

  static KeyStore load(Path file, String password) throws Exception {
    KeyStore store = KeyStore.getInstance(TlsMaterial.STORE_TYPE);
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password.toCharArray());
    }
    return store;
  }

  @Test
  void theBrokerCertificateIsSignedByTheCaAndNamesLocalhost() throws Exception {
    TlsMaterial tls = TlsMaterial.generate(dir);
    tls.broker().verify(tls.ca().getPublicKey());
    tls.ca().verify(tls.ca().getPublicKey());
    assertThat(tls.ca().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(tls.broker().getBasicConstraints()).isEqualTo(-1);
    assertThat(tls.broker().getSubjectAlternativeNames())
        .contains(List.of(2, "localhost"), List.of(7, "127.0.0.1"));

    KeyStore keys = load(tls.keystore(), tls.password());
    Certificate[] chain = keys.getCertificateChain("broker");
    assertThat(chain).containsExactly(tls.broker(), tls.ca());
    KeyStore trust = load(tls.truststore(), tls.password());
    assertThat(trust.size()).isEqualTo(1);
    assertThat(trust.isKeyEntry("ecgmon-test-ca")).as("clients get no private key").isFalse();
  }

  @Test
  void eachRunMakesNewKeys() throws Exception {
    X509Certificate first = TlsMaterial.generate(dir.resolve("a")).ca();
    X509Certificate second = TlsMaterial.generate(dir.resolve("b")).ca();
    assertThat(first.getPublicKey()).isNotEqualTo(second.getPublicKey());
  }

  /** A TLS handshake with hostname verification, as a Kafka client does (ssl.endpoint.identification.algorithm=https). */
  @Test
  void aClientTrustingOnlyTheCaCompletesAVerifiedHandshakeWithLocalhost() throws Exception {
    TlsMaterial tls = TlsMaterial.generate(dir);
    assertThat(handshake(tls, tls.truststore(), tls.password())).isEqualTo("ok");

    TlsMaterial other = TlsMaterial.generate(dir.resolve("other"));
    assertThatThrownBy(() -> handshake(tls, other.truststore(), other.password()))
        .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("PKIX path validation failed");
  }

  static String handshake(TlsMaterial server, Path truststore, String trustPassword) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(load(server.keystore(), server.password()), server.password().toCharArray());
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(kmf.getKeyManagers(), null, null);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(load(truststore, trustPassword));
    SSLContext clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, tmf.getTrustManagers(), null);

    try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> serverSide = CompletableFuture.runAsync(() -> {
        try (SSLSocket s = (SSLSocket) listener.accept(); OutputStream out = s.getOutputStream()) {
          s.setSoTimeout(5_000);
          out.write("ok".getBytes());
          out.flush();
          s.getInputStream().read();
        } catch (Exception ignored) {
          // the client side reports what went wrong
        }
      });
      try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory().createSocket("localhost",
          listener.getLocalPort())) {
        client.setSoTimeout(5_000);
        SSLParameters params = client.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        client.setSSLParameters(params);
        byte[] reply = client.getInputStream().readNBytes(2);
        return new String(reply);
      } finally {
        serverSide.cancel(true);
      }
    }
  }
}
