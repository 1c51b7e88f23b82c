package io.crik.certs;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides when a certificate is due for renewal: once the share of its lifetime that is left
 * falls to {@code renewWhenRemaining} or below. With 1/3, a one-year certificate is renewed about
 * four months before it expires.
 */
public record RenewalPolicy(double renewWhenRemaining) {

  public static final RenewalPolicy DEFAULT = new RenewalPolicy(1.0 / 3.0);

  public RenewalPolicy {
    if (!(renewWhenRemaining > 0.0 && renewWhenRemaining < 1.0)) {
      throw new IllegalArgumentException("renewWhenRemaining must lie between 0 and 1 (exclusive), got "
          + renewWhenRemaining + "; 0.33 renews with a third of the lifetime left");
    }
  }

  /** Returns the instant from which a certificate valid from notBefore to notAfter is due. */
  public Instant renewalTime(Instant notBefore, Instant notAfter) {
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException(
          "notAfter " + notAfter + " is not after notBefore " + notBefore);
    }
    Duration lifetime = Duration.between(notBefore, notAfter);
    long remainingMillis = (long) Math.floor(lifetime.toMillis() * renewWhenRemaining);
    return notAfter.minusMillis(remainingMillis);
  }

  public boolean needsRenewal(Instant notBefore, Instant notAfter, Instant now) {
    return !now.isBefore(renewalTime(notBefore, notAfter));
  }

  public Instant renewalTime(X509Certificate certificate) {
    return renewalTime(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
  }

  public boolean needsRenewal(X509Certificate certificate, Instant now) {
    return needsRenewal(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), now);
  }
}
