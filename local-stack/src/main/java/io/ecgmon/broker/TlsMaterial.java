package io.ecgmon.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throw-away TLS material for a test broker, made at run time so no private key is ever committed: a
 * self-signed CA, a broker certificate it signs (valid for {@code localhost} and {@code 127.0.0.1}, so
 * clients keep hostname verification on), a PKCS12 keystore holding the broker key with its chain and
 * a PKCS12 truststore holding only the CA certificate, which is what clients get.
 */
public record TlsMaterial(Path keystore, Path truststore, String password, X509Certificate ca,
    X509Certificate broker) {

  public static final String STORE_TYPE = "PKCS12";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Writes {@code broker.p12} and {@code truststore.p12} into {@code dir}. */
  public static TlsMaterial generate(Path dir) throws IOException, GeneralSecurityException {
    try {
      Instant now = Instant.now();
      KeyPair caKeys = ecKeyPair();
      X500Name caName = new X500Name("CN=ecgmon test CA");
      X509Certificate ca = sign(new JcaX509v3CertificateBuilder(caName, serial(), notBefore(now), notAfter(now),
              caName, caKeys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              new JcaX509ExtensionUtils().createSubjectKeyIdentifier(caKeys.getPublic())),
          caKeys.getPrivate());

      KeyPair brokerKeys = ecKeyPair();
      X509Certificate broker = sign(new JcaX509v3CertificateBuilder(ca, serial(), notBefore(now), notAfter(now),
              new X500Name("CN=localhost"), brokerKeys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          // the broker is a TLS server to clients and a TLS client to the other brokers and controllers
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1")}))
          .addExtension(Extension.authorityKeyIdentifier, false,
              new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca)),
          caKeys.getPrivate());

      byte[] secret = new byte[12];
      RANDOM.nextBytes(secret);
      String password = HexFormat.of().formatHex(secret);
      Files.createDirectories(dir);
      KeyStore keys = KeyStore.getInstance(STORE_TYPE);
      keys.load(null, null);
      keys.setKeyEntry("broker", brokerKeys.getPrivate(), password.toCharArray(),
          new X509Certificate[] {broker, ca});
      Path keystore = store(keys, dir.resolve("broker.p12"), password);
      KeyStore trust = KeyStore.getInstance(STORE_TYPE);
      trust.load(null, null);
      trust.setCertificateEntry("ecgmon-test-ca", ca);
      Path truststore = store(trust, dir.resolve("truststore.p12"), password);
      return new TlsMaterial(keystore, truststore, password, ca, broker);
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign the test certificates", e);
    }
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
  }

  private static BigInteger serial() {
    return new BigInteger(63, RANDOM).add(BigInteger.ONE);
  }

  // a little slack either side: clocks of a test machine are not always exact
  private static Date notBefore(Instant now) {
    return Date.from(now.minus(Duration.ofHours(1)));
  }

  private static Date notAfter(Instant now) {
    return Date.from(now.plus(Duration.ofDays(2)));
  }

  private static Path store(KeyStore store, Path file, String password) throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password.toCharArray());
    }
    return file;
  }
}
