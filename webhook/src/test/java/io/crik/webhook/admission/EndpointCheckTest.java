package io.crik.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.certs.CertificateAuthority;
import io.crik.certs.Pem;
import io.crik.webhook.check.EndpointCheck;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "helm test" check against the real server on both ports. */
class EndpointCheckTest extends LocalWebhookServer {

  @TempDir
  Path directory;

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();

  private int check(String... args) {
    return EndpointCheck.run(args, new PrintStream(output, true, StandardCharsets.UTF_8));
  }

  private String output() {
    return output.toString(StandardCharsets.UTF_8);
  }

  private Path caFile(CertificateAuthority ca) throws Exception {
    return Files.writeString(directory.resolve("ca.crt"), ca.certificatePem());
  }

  @Test
  void bothPortsHealthySucceeds() throws Exception {
    Path ca = Files.writeString(directory.resolve("ca.crt"), Pem.encodeCertificates(List.of(
        CERTIFICATES.caCertificate())));

    int status = check("--ca-file", ca.toString(), plainUrl("/actuator/health/readiness"),
        "https://localhost:" + httpsPort + "/actuator/health");

    assertThat(status).as(output()).isZero();
    assertThat(output().lines()).hasSize(2).allMatch(line -> line.startsWith("OK "));
  }

  @Test
  void untrustedCertificateFails() throws Exception {
    Path stranger = caFile(CertificateAuthority.generate("stranger", Clock.systemUTC()));

    int status = check("--ca-file", stranger.toString(), "https://localhost:" + httpsPort + "/actuator/health");

    assertThat(status).isEqualTo(1);
    assertThat(output()).startsWith("FAILED https://localhost:").contains("SSLHandshakeException");
  }

  @Test
  void notFoundFails() {
    int status = check(plainUrl("/mutate"));

    assertThat(status).isEqualTo(1);
    assertThat(output()).startsWith("FAILED http://127.0.0.1:").contains("HTTP 404");
  }

  @Test
  void missingUrlIsUsageError() {
    assertThat(check("--ca-file", "ca.crt")).isEqualTo(2);
    assertThat(output()).startsWith("usage: EndpointCheck");
  }
}
