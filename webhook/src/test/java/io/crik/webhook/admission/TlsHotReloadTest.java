package io.crik.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crik.certs.CertificateAuthority;
import io.crik.certs.IssuedCertificate;
import io.crik.certs.Pem;
import io.crik.certs.ServingCertificateRequest;
import io.crik.webhook.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * TLS from a Spring Boot PEM SSL bundle with reload-on-update: replacing the files on disk, as a
 * Secret volume or a rotation does, changes the certificate served without a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TlsHotReloadTest {

  private static final CertificateAuthority CA = CertificateAuthority.generate("reload-ca", Clock.systemUTC());
  private static final Path DIRECTORY = createDirectory();
  private static final IssuedCertificate FIRST = issueInto(DIRECTORY);

  private static Path createDirectory() {
    try {
      return Files.createTempDirectory("crik-webhook-reload");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static IssuedCertificate issueInto(Path directory) {
    IssuedCertificate issued = CA.issue(ServingCertificateRequest.forService("crik-webhook", "crik-system")
        .withDnsNames("localhost"), Clock.systemUTC());
    Pem.write(issued, directory.resolve("tls.crt"), directory.resolve("tls.key"));
    return issued;
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.ssl.bundle.pem.webhook.keystore.certificate", () -> "file:" + DIRECTORY.resolve("tls.crt"));
    registry.add("spring.ssl.bundle.pem.webhook.keystore.private-key", () -> "file:" + DIRECTORY.resolve("tls.key"));
    registry.add("spring.ssl.bundle.pem.webhook.reload-on-update", () -> "true");
    registry.add("spring.ssl.bundle.watch.file.quiet-period", () -> "200ms");
    registry.add("server.ssl.bundle", () -> "webhook");
    registry.add("crik.webhook.plain-port", () -> "0");
    registry.add("crik.webhook.kubernetes.enabled", () -> "false");
  }

  @LocalServerPort
  private int httpsPort;

  private BigInteger servedSerial() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(TestCertificates.sslContextTrusting(CA.certificate())).build();
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
        URI.create("https://localhost:" + httpsPort + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
    X509Certificate served = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    return served.getSerialNumber();
  }

  @Test
  void replacedFilesAreServed() throws Exception {
    assertThat(servedSerial()).isEqualTo(FIRST.certificate().getSerialNumber());

    IssuedCertificate second = issueInto(DIRECTORY);

    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> servedSerial().equals(second.certificate().getSerialNumber()));
  }
}
