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
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * TLS from a Spring Boot PEM SSL bundle on a directory laid out as the kubelet lays out a Secret
 * volume: the files are symbolic links through {@code ..data}, and an update writes a new
 * timestamped directory and renames a new {@code ..data} link over the old one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TlsSecretVolumeReloadTest {

  private static final CertificateAuthority CA = CertificateAuthority.generate("volume-ca", Clock.systemUTC());
  private static final AtomicInteger GENERATION = new AtomicInteger();
  private static final Path VOLUME = createDirectory();
  private static final IssuedCertificate FIRST = publish(VOLUME);

  private static Path createDirectory() {
    try {
      Path volume = Files.createTempDirectory("crik-webhook-secret-volume");
      Files.createSymbolicLink(volume.resolve("tls.crt"), Path.of("..data/tls.crt"));
      Files.createSymbolicLink(volume.resolve("tls.key"), Path.of("..data/tls.key"));
      return volume;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a new certificate the way the kubelet updates a Secret volume, and returns it. */
  private static IssuedCertificate publish(Path volume) {
    IssuedCertificate issued = CA.issue(ServingCertificateRequest.forService("crik-webhook", "crik-system")
        .withDnsNames("localhost"), Clock.systemUTC());
    try {
      Path data = volume.resolve("..data");
      Path previous = Files.isSymbolicLink(data) ? volume.resolve(Files.readSymbolicLink(data)) : null;
      String generation = "..2026_12_04_00_00_0" + GENERATION.incrementAndGet() + ".000000001";
      Path current = Files.createDirectory(volume.resolve(generation));
      Pem.write(issued, current.resolve("tls.crt"), current.resolve("tls.key"));

      Path link = Files.createSymbolicLink(volume.resolve("..data_tmp"), Path.of(generation));
      Files.move(link, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      if (previous != null) {
        Files.delete(previous.resolve("tls.crt"));
        Files.delete(previous.resolve("tls.key"));
        Files.delete(previous);
      }
      return issued;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ReloadingPemBundle.register(registry, VOLUME.resolve("tls.crt"), VOLUME.resolve("tls.key"));
  }

  @LocalServerPort
  private int httpsPort;

  private BigInteger servedSerial() throws Exception {
    return ReloadingPemBundle.servedSerial(httpsPort, CA.certificate());
  }

  @Test
  void swappedDataLinkIsServed() throws Exception {
    assertThat(servedSerial()).isEqualTo(FIRST.certificate().getSerialNumber());

    IssuedCertificate second = publish(VOLUME);

    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> servedSerial().equals(second.certificate().getSerialNumber()));
  }
}
