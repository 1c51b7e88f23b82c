package io.crik.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.certs.RenewalPolicy;
import io.crik.certs.ServingCertificateRequest;
import io.crik.webhook.tls.CertificateRotation.Plan;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CertificateRotationTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration CA_VALIDITY = Duration.ofDays(300);
  private static final Duration SERVING_VALIDITY = Duration.ofDays(30);
  private static final Duration ROLLOVER = Duration.ofHours(1);
  private static final ServingCertificateRequest REQUEST = ServingCertificateRequest.forService("crik-webhook", "crik-system");

  private final CertificateRotation rotation = rotation(REQUEST);

  private static CertificateRotation rotation(ServingCertificateRequest request) {
    return new CertificateRotation(new CertificateRotation.Settings(request, "crik-webhook-ca", CA_VALIDITY,
        SERVING_VALIDITY, new RenewalPolicy(1.0 / 3.0), ROLLOVER));
  }

  private final TlsMaterial initial = rotation.plan(null, T0).material();

  @Test
  void nothingStoredCreatesCaAndServingCertificate() {
    Plan plan = rotation.plan(null, T0);

    assertThat(plan.changed()).isTrue();
    assertThat(plan.material().rotatingCa()).isFalse();
    assertThat(plan.material().trustBundle()).containsExactly(plan.material().signingCa().certificate());
    assertThat(CertificateRotation.signedBy(plan.material().serving().certificate(),
        plan.material().signingCa().certificate())).isTrue();
    assertThat(plan.material().serving().certificate().getNotAfter().toInstant()).isEqualTo(T0.plus(SERVING_VALIDITY));
  }

  @Test
  void freshMaterialStaysUnchanged() {
    Plan plan = rotation.plan(initial, T0.plus(Duration.ofDays(5)));

    assertThat(plan.changed()).isFalse();
    assertThat(plan.material().serving().certificate()).isEqualTo(initial.serving().certificate());
    assertThat(plan.material().signingCa().certificate()).isEqualTo(initial.signingCa().certificate());
    assertThat(plan.material().trustBundle()).isEqualTo(initial.trustBundle());
  }

  @Nested
  @DisplayName("serving certificate")
  class Serving {

    @Test
    void renewedWithSameCaAtRenewalTime() {
      Plan plan = rotation.plan(initial, T0.plus(Duration.ofDays(21)));

      assertThat(plan.changed()).isTrue();
      assertThat(plan.changes()).singleElement().asString().contains("reached its renewal time");
      assertThat(plan.material().serving().certificate()).isNotEqualTo(initial.serving().certificate());
      assertThat(plan.material().signingCa().certificate()).isEqualTo(initial.signingCa().certificate());
      assertThat(plan.material().trustBundle()).isEqualTo(initial.trustBundle());
    }

    @Test
    void notRenewedBeforeRenewalTime() {
      assertThat(rotation.plan(initial, T0.plus(Duration.ofDays(19))).changed()).isFalse();
    }

    @Test
    void reissuedWhenNamesChange() {
      CertificateRotation renamed = rotation(ServingCertificateRequest.forService("crik", "platform"));

      Plan plan = renamed.plan(initial, T0.plus(Duration.ofDays(1)));

      assertThat(plan.changes()).singleElement().asString().contains("names differ");
      assertThat(plan.material().signingCa().certificate()).isEqualTo(initial.signingCa().certificate());
      assertThat(dnsNames(plan.material().serving().certificate())).contains("crik.platform.svc");
    }
  }

  @Nested
  @DisplayName("CA rotation")
  class CaRotation {

    /** The CA lives 300 days and 5 minutes, so a third of its lifetime is left from about day 200. */
    private final Instant caRenewal = T0.plus(Duration.ofDays(201));

    @Test
    void firstPublishesNextCaAndKeepsServing() {
      TlsMaterial before = rotation.plan(initial, caRenewal.minus(Duration.ofDays(2))).material();

      Plan plan = rotation.plan(before, caRenewal);

      TlsMaterial after = plan.material();
      assertThat(after.rotatingCa()).isTrue();
      assertThat(after.nextCaPublishedAt()).isEqualTo(caRenewal);
      assertThat(after.signingCa().certificate()).isEqualTo(initial.signingCa().certificate());
      assertThat(after.serving().certificate()).isEqualTo(before.serving().certificate());
      assertThat(after.trustBundle()).containsExactly(initial.signingCa().certificate(), after.nextCa().certificate());
    }

    @Test
    void waitsForRolloverDelay() {
      TlsMaterial published = rotation.plan(renewedServing(), caRenewal).material();

      Plan plan = rotation.plan(published, caRenewal.plus(ROLLOVER).minusSeconds(1));

      assertThat(plan.changed()).isFalse();
      assertThat(plan.material().signingCa().certificate()).isEqualTo(initial.signingCa().certificate());
    }

    @Test
    void thenSwitchesAndKeepsOldCaInBundle() {
      TlsMaterial published = rotation.plan(renewedServing(), caRenewal).material();
      X509Certificate next = published.nextCa().certificate();

      Plan plan = rotation.plan(published, caRenewal.plus(ROLLOVER));

      TlsMaterial switched = plan.material();
      assertThat(switched.rotatingCa()).isFalse();
      assertThat(switched.signingCa().certificate()).isEqualTo(next);
      assertThat(CertificateRotation.signedBy(switched.serving().certificate(), next)).isTrue();
      assertThat(switched.trustBundle()).containsExactly(next, initial.signingCa().certificate());
    }

    @Test
    void oldCaLeavesBundleWhenExpired() {
      TlsMaterial published = rotation.plan(renewedServing(), caRenewal).material();
      TlsMaterial switched = rotation.plan(published, caRenewal.plus(ROLLOVER)).material();
      Instant oldCaExpiry = initial.signingCa().certificate().getNotAfter().toInstant();

      TlsMaterial beforeExpiry = rotation.plan(switched, oldCaExpiry.minusSeconds(1)).material();
      TlsMaterial afterExpiry = rotation.plan(beforeExpiry, oldCaExpiry).material();

      assertThat(beforeExpiry.trustBundle()).hasSize(2);
      assertThat(afterExpiry.trustBundle()).containsExactly(switched.signingCa().certificate());
    }

    @Test
    void bundleAlwaysTrustsServedCertificate() {
      TlsMaterial material = initial;
      for (Instant now = T0; now.isBefore(T0.plus(Duration.ofDays(900))); now = now.plus(Duration.ofHours(13))) {
        material = rotation.plan(material, now).material();

        X509Certificate served = material.serving().certificate();
        assertThat(material.trustBundle()).as("bundle at %s", now)
            .anySatisfy(ca -> assertThat(CertificateRotation.signedBy(served, ca)).isTrue());
        assertThat(served.getNotAfter().toInstant()).as("serving notAfter at %s", now).isAfter(now);
      }
    }

    private TlsMaterial renewedServing() {
      return rotation.plan(initial, caRenewal.minus(Duration.ofDays(2))).material();
    }
  }

  @Test
  void expiredCaIsReplaced() {
    Plan plan = rotation.plan(initial, T0.plus(CA_VALIDITY).plusSeconds(1));

    assertThat(plan.changes()).singleElement().asString().contains("the CA expired");
    assertThat(plan.material().signingCa().certificate()).isNotEqualTo(initial.signingCa().certificate());
    assertThat(plan.material().trustBundle()).containsExactly(plan.material().signingCa().certificate());
  }

  private static List<String> dnsNames(X509Certificate certificate) {
    try {
      return certificate.getSubjectAlternativeNames().stream().map(name -> (String) name.get(1)).toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
