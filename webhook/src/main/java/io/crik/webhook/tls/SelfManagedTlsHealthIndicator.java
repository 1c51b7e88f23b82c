package io.crik.webhook.tls;

import io.crik.webhook.tls.SelfManagedCertificates.Result;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the self-managed certificate: its expiry, the CA rotation and whether the caBundle was
 * published. It reports up while the served certificate is valid, because the HTTPS port works even
 * when the MutatingWebhookConfiguration is missing.
 */
final class SelfManagedTlsHealthIndicator implements HealthIndicator {

  private final ServingCertificateRenewer renewer;
  private final Clock clock;

  SelfManagedTlsHealthIndicator(ServingCertificateRenewer renewer, Clock clock) {
    this.renewer = renewer;
    this.clock = clock;
  }

  @Override
  public Health health() {
    Result result = renewer.lastResult();
    if (result == null) {
      return Health.unknown().build();
    }
    TlsMaterial material = result.material();
    Instant servingNotAfter = material.serving().certificate().getNotAfter().toInstant();
    Health.Builder health = clock.instant().isBefore(servingNotAfter) ? Health.up() : Health.down();
    return health
        .withDetail("servingCertificateNotAfter", servingNotAfter)
        .withDetail("caNotAfter", material.signingCa().certificate().getNotAfter().toInstant())
        .withDetail("caRotationInProgress", material.rotatingCa())
        .withDetail("trustBundleCertificates", material.trustBundle().size())
        .withDetail("caBundle", result.publication().name().toLowerCase(Locale.ROOT))
        .build();
  }
}
