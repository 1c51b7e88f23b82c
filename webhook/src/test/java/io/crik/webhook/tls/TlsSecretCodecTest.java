package io.crik.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crik.certs.RenewalPolicy;
import io.crik.certs.ServingCertificateRequest;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TlsSecretCodecTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final CertificateRotation rotation = new CertificateRotation(new CertificateRotation.Settings(
      ServingCertificateRequest.forService("crik-webhook", "crik-system"), "crik-webhook-ca", Duration.ofDays(30),
      Duration.ofDays(10), new RenewalPolicy(0.5), Duration.ofMinutes(5)));

  @Test
  void roundTripsMaterial() {
    TlsMaterial material = rotation.plan(null, T0).material();

    Secret secret = TlsSecretCodec.encode("crik-system", "crik-webhook-tls", material);
    TlsMaterial read = TlsSecretCodec.decode(secret);

    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt", "ca.key", "ca-bundle.crt");
    assertThat(read.signingCa().certificate()).isEqualTo(material.signingCa().certificate());
    assertThat(read.signingCa().privateKey().getEncoded()).isEqualTo(material.signingCa().privateKey().getEncoded());
    assertThat(read.serving().chain()).isEqualTo(material.serving().chain());
    assertThat(read.serving().privateKey().getEncoded()).isEqualTo(material.serving().privateKey().getEncoded());
    assertThat(read.trustBundle()).isEqualTo(material.trustBundle());
    assertThat(read.rotatingCa()).isFalse();
  }

  @Test
  void roundTripsNextCa() {
    TlsMaterial first = rotation.plan(null, T0).material();
    TlsMaterial rotating = rotation.plan(first, T0.plus(Duration.ofDays(16))).material();

    TlsMaterial read = TlsSecretCodec.decode(TlsSecretCodec.encode("crik-system", "crik-webhook-tls", rotating));

    assertThat(rotating.rotatingCa()).isTrue();
    assertThat(read.nextCa().certificate()).isEqualTo(rotating.nextCa().certificate());
    assertThat(read.nextCaPublishedAt()).isEqualTo(T0.plus(Duration.ofDays(16)));
    assertThat(read.trustBundle()).hasSize(2);
  }

  @Test
  void missingKeyIsNamed() {
    Secret secret = new SecretBuilder(TlsSecretCodec.encode("crik-system", "crik-webhook-tls",
        rotation.plan(null, T0).material())).removeFromData("ca.key").build();

    assertThatThrownBy(() -> TlsSecretCodec.decode(secret))
        .isInstanceOf(InvalidTlsSecretException.class)
        .hasMessage("Secret crik-system/crik-webhook-tls, key ca.key: the key is missing");
  }

  @Test
  void corruptKeyMessageHidesKeyMaterial() {
    Secret secret = TlsSecretCodec.encode("crik-system", "crik-webhook-tls", rotation.plan(null, T0).material());
    String keyPem = new String(Base64.getDecoder().decode(secret.getData().get("tls.key")), StandardCharsets.US_ASCII);
    String keyLine = keyPem.lines().skip(1).findFirst().orElseThrow();
    String corrupt = keyPem.replace(keyLine, keyLine.substring(0, 10) + "%%%%" + keyLine.substring(14));
    Secret corrupted = new SecretBuilder(secret)
        .addToData("tls.key", Base64.getEncoder().encodeToString(corrupt.getBytes(StandardCharsets.US_ASCII))).build();

    assertThatThrownBy(() -> TlsSecretCodec.decode(corrupted))
        .isInstanceOf(InvalidTlsSecretException.class)
        .hasMessageStartingWith("Secret crik-system/crik-webhook-tls, key tls.key: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(keyLine.substring(0, 10)));
  }
}
