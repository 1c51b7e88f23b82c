package io.crik.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crik.certs.CertificateAuthority;
import io.crik.certs.IssuedCertificate;
import io.crik.certs.Pem;
import io.crik.certs.ServingCertificateRequest;
import io.crik.webhook.testing.ReloadingPemBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
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
    ReloadingPemBundle.register(registry, DIRECTORY.resolve("tls.crt"), DIRECTORY.resolve("tls.key"));
  }

  @LocalServerPort
  private int httpsPort;

  private BigInteger servedSerial() throws Exception {
    return ReloadingPemBundle.servedSerial(httpsPort, CA.certificate());
  }

  @Test
  void replacedFilesAreServed() throws Exception {
    assertThat(servedSerial()).isEqualTo(FIRST.certificate().getSerialNumber());

    IssuedCertificate second = issueInto(DIRECTORY);

    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> servedSerial().equals(second.certificate().getSerialNumber()));
  }
}
