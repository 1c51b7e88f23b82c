package io.crik.webhook.testing;

import io.crik.certs.CertificateAuthority;
import io.crik.certs.IssuedCertificate;
import io.crik.certs.Pem;
import io.crik.certs.ServingCertificateRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A CA and a serving certificate for localhost and 127.0.0.1, written as PEM files for Spring
 * Boot's {@code server.ssl.*} properties, and an SSL context that trusts that CA only.
 */
public final class TestCertificates {

  private final CertificateAuthority ca;
  private final Path certificateFile;
  private final Path keyFile;

  private TestCertificates(CertificateAuthority ca, Path certificateFile, Path keyFile) {
    this.ca = ca;
    this.certificateFile = certificateFile;
    this.keyFile = keyFile;
  }

  public static TestCertificates create() {
    try {
      Path directory = Files.createTempDirectory("crik-webhook-tls");
      directory.toFile().deleteOnExit();
      CertificateAuthority ca = CertificateAuthority.generate("crik-test-ca", Clock.systemUTC());
      IssuedCertificate serving = ca.issue(
          ServingCertificateRequest.forService("crik-webhook", "crik-system").withDnsNames("localhost")
              .withIpAddresses(InetAddress.getLoopbackAddress()),
          Clock.systemUTC());
      Path certificate = directory.resolve("tls.crt");
      Path key = directory.resolve("tls.key");
      Pem.write(serving, certificate, key);
      certificate.toFile().deleteOnExit();
      key.toFile().deleteOnExit();
      return new TestCertificates(ca, certificate, key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String certificateLocation() {
    return "file:" + certificateFile;
  }

  public String privateKeyLocation() {
    return "file:" + keyFile;
  }

  public X509Certificate caCertificate() {
    return ca.certificate();
  }

  public SSLContext trustingContext() {
    return sslContextTrusting(ca.certificate());
  }

  public static SSLContext sslContextTrusting(X509Certificate anchor) {
    try {
      KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
      trustStore.load(null, null);
      trustStore.setCertificateEntry("ca", anchor);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException("failed to build an SSL context for the test CA", e);
    }
  }
}
