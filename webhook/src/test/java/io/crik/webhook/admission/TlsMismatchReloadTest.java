package io.crik.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crik.certs.CertificateAuthority;
import io.crik.certs.IssuedCertificate;
import io.crik.certs.Pem;
import io.crik.certs.ServingCertificateRequest;
import io.crik.webhook.config.PlainHttpConnector;
import io.crik.webhook.testing.ReloadingPemBundle;
import io.crik.webhook.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A reload of a PEM SSL bundle to a private key that does not match the certificate. The webhook
 * logs an error, and readiness over HTTPS fails with the handshake. The plain port still reports
 * UP, which is why the chart's readiness probe goes over HTTPS.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class TlsMismatchReloadTest {

  private static final CertificateAuthority CA = CertificateAuthority.generate("mismatch-ca", Clock.systemUTC());
  private static final Path DIRECTORY = createDirectory();

  static {
    Pem.write(issue(), DIRECTORY.resolve("tls.crt"), DIRECTORY.resolve("tls.key"));
  }

  private static Path createDirectory() {
    try {
      return Files.createTempDirectory("crik-webhook-mismatch");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static IssuedCertificate issue() {
    return CA.issue(ServingCertificateRequest.forService("crik-webhook", "crik-system").withDnsNames("localhost"),
        Clock.systemUTC());
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ReloadingPemBundle.register(registry, DIRECTORY.resolve("tls.crt"), DIRECTORY.resolve("tls.key"));
  }

  @LocalServerPort
  private int httpsPort;

  @Autowired
  private PlainHttpConnector plainConnector;

  private int httpsReadinessStatus() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(TestCertificates.sslContextTrusting(CA.certificate())).build();
    return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort
        + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private int plainReadinessStatus() throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + plainConnector.localPort() + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private boolean httpsHandshakeFails() throws Exception {
    try {
      httpsReadinessStatus();
      return false;
    } catch (SSLException e) {
      return true;
    } catch (IOException e) {
      return e.getCause() instanceof SSLException;
    }
  }

  @Test
  void mismatchedReloadIsLoggedAndUnready(CapturedOutput output) throws Exception {
    assertThat(httpsReadinessStatus()).isEqualTo(200);

    // Only the key changes: it belongs to another certificate.
    Path other = Files.createTempDirectory("crik-webhook-other");
    Pem.write(issue(), other.resolve("tls.crt"), other.resolve("tls.key"));
    Files.copy(other.resolve("tls.key"), DIRECTORY.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);

    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> output.getAll().contains("The reloaded SSL bundle webhook of the HTTPS port has a private key"
            + " that does not match its certificate"));
    assertThat(output.getAll()).contains("spring.ssl.bundle.pem.webhook.keystore.private-key=file:"
        + DIRECTORY.resolve("tls.key"));
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(this::httpsHandshakeFails);
    assertThat(plainReadinessStatus()).isEqualTo(200);
  }
}
