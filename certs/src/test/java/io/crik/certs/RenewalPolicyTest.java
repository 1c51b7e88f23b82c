package io.crik.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenewalPolicyTest {

  private static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant NOT_AFTER = Instant.parse("2026-01-31T00:00:00Z");

  @ParameterizedTest(name = "{0} left share {1} at day {2}: renew={3}")
  @CsvSource({
      "default, 0.3333333333333333, 0, false",
      "default, 0.3333333333333333, 19, false",
      "default, 0.3333333333333333, 20, true",
      "default, 0.3333333333333333, 29, true",
      "default, 0.3333333333333333, 31, true",
      "half, 0.5, 14, false",
      "half, 0.5, 15, true",
      "tenth, 0.1, 26, false",
      "tenth, 0.1, 27, true",
  })
  void decidesByShareLeft(String name, double share, int day, boolean expected) {
    RenewalPolicy policy = new RenewalPolicy(share);

    boolean renew = policy.needsRenewal(NOT_BEFORE, NOT_AFTER, NOT_BEFORE.plus(Duration.ofDays(day)));

    assertThat(renew).isEqualTo(expected);
  }

  @Test
  void renewalTimeIsExact() {
    assertThat(new RenewalPolicy(0.5).renewalTime(NOT_BEFORE, NOT_AFTER))
        .isEqualTo(Instant.parse("2026-01-16T00:00:00Z"));
  }

  @Test
  void readsCertificateValidity() {
    Instant now = Instant.parse("2026-06-01T00:00:00Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    CertificateAuthority ca = CertificateAuthority.generate("ca", clock);
    IssuedCertificate issued = ca.issue(ServingCertificateRequest.forService("a", "b"), Duration.ofDays(30), clock);

    assertThat(RenewalPolicy.DEFAULT.needsRenewal(issued.certificate(), now.plus(Duration.ofDays(19)))).isFalse();
    assertThat(RenewalPolicy.DEFAULT.needsRenewal(issued.certificate(), now.plus(Duration.ofDays(21)))).isTrue();
  }

  @Test
  void rejectsShareOutsideRange() {
    assertThatThrownBy(() -> new RenewalPolicy(1.0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> new RenewalPolicy(0.0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RenewalPolicy(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsInvertedValidity() {
    assertThatThrownBy(() -> RenewalPolicy.DEFAULT.renewalTime(NOT_AFTER, NOT_BEFORE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not after");
  }
}
