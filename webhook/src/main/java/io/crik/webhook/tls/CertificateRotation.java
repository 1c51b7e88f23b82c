package io.crik.webhook.tls;

import io.crik.certs.CertificateAuthority;
import io.crik.certs.IssuedCertificate;
import io.crik.certs.RenewalPolicy;
import io.crik.certs.ServingCertificateRequest;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides what the self-managed Secret should contain at a given instant. It does no I/O; it only
 * generates keys and certificates.
 *
 * <p>A serving certificate is renewed when the renewal policy says so, when its names no longer
 * cover the request, or when another CA signed it. A CA is rotated in two steps so that no client
 * ever sees a certificate from a CA it does not trust yet: first the next CA joins the trust
 * bundle, and only {@code caRolloverDelay} later does it sign the serving certificate. Earlier CAs
 * stay in the bundle until they expire.
 */
final class CertificateRotation {

  /** How the certificates are made. */
  record Settings(
      ServingCertificateRequest request,
      String caCommonName,
      Duration caValidity,
      Duration servingValidity,
      RenewalPolicy renewalPolicy,
      Duration caRolloverDelay) {}

  /** The material to store and serve, and what changed compared with the current one (empty: nothing). */
  record Plan(TlsMaterial material, List<String> changes) {

    boolean changed() {
      return !changes.isEmpty();
    }
  }

  private final Settings settings;

  CertificateRotation(Settings settings) {
    this.settings = settings;
  }

  /** Plans the material for {@code now}, starting from the stored material or from nothing (null). */
  Plan plan(TlsMaterial current, Instant now) {
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    if (current == null || !validAt(current.signingCa().certificate(), now)) {
      return createAll(current, now, clock);
    }

    List<String> changes = new ArrayList<>();
    CertificateAuthority signing = current.signingCa();
    CertificateAuthority next = current.nextCa();
    Instant nextPublishedAt = current.nextCaPublishedAt();
    IssuedCertificate serving = current.serving();

    if (next == null && settings.renewalPolicy().needsRenewal(signing.certificate(), now)) {
      next = CertificateAuthority.generate(settings.caCommonName(), settings.caValidity(), clock);
      nextPublishedAt = now;
      changes.add("created the next CA (notAfter " + notAfter(next.certificate())
          + ") and added it to the trust bundle");
    } else if (next != null && !now.isBefore(nextPublishedAt.plus(settings.caRolloverDelay()))) {
      signing = next;
      next = null;
      nextPublishedAt = null;
      changes.add("switched to the next CA (notAfter " + notAfter(signing.certificate()) + ")");
    }

    String servingReason = servingRenewalReason(serving, signing, now);
    if (servingReason != null) {
      serving = signing.issue(settings.request(), settings.servingValidity(), clock);
      changes.add("issued a serving certificate (notAfter " + notAfter(serving.certificate()) + ") because "
          + servingReason);
    }

    List<X509Certificate> inUse = next == null
        ? List.of(signing.certificate())
        : List.of(signing.certificate(), next.certificate());
    List<X509Certificate> bundle = TrustBundle.compute(inUse, current.trustBundle(), now);
    if (!bundle.equals(current.trustBundle())) {
      changes.add("the trust bundle now holds " + bundle.size() + " CA certificates");
    }
    return new Plan(new TlsMaterial(signing, next, nextPublishedAt, serving, bundle), changes);
  }

  private Plan createAll(TlsMaterial current, Instant now, Clock clock) {
    CertificateAuthority ca = CertificateAuthority.generate(settings.caCommonName(), settings.caValidity(), clock);
    IssuedCertificate serving = ca.issue(settings.request(), settings.servingValidity(), clock);
    List<X509Certificate> previous = current == null ? List.of() : current.trustBundle();
    List<X509Certificate> bundle = TrustBundle.compute(List.of(ca.certificate()), previous, now);
    String change = current == null
        ? "created a CA and a serving certificate"
        : "created a new CA and serving certificate because the CA expired at " + notAfter(current.signingCa()
            .certificate());
    return new Plan(new TlsMaterial(ca, null, null, serving, bundle), List.of(change));
  }

  /** Returns why the serving certificate must be replaced, or null when it can stay. */
  private String servingRenewalReason(IssuedCertificate serving, CertificateAuthority signing, Instant now) {
    X509Certificate certificate = serving.certificate();
    if (!signedBy(certificate, signing.certificate())) {
      return "the signing CA changed";
    }
    if (!validAt(certificate, now)) {
      return "the previous one is not valid now";
    }
    if (!dnsNames(certificate).containsAll(settings.request().dnsNames())) {
      return "its names differ from " + settings.request().dnsNames();
    }
    if (settings.renewalPolicy().needsRenewal(certificate, now)) {
      return "the previous one reached its renewal time " + settings.renewalPolicy().renewalTime(certificate);
    }
    return null;
  }

  static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
    if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean validAt(X509Certificate certificate, Instant now) {
    return !now.isBefore(certificate.getNotBefore().toInstant()) && now.isBefore(certificate.getNotAfter().toInstant());
  }

  private static Set<String> dnsNames(X509Certificate certificate) {
    Set<String> names = new HashSet<>();
    try {
      Collection<List<?>> alternativeNames = certificate.getSubjectAlternativeNames();
      if (alternativeNames != null) {
        for (List<?> name : alternativeNames) {
          if (Integer.valueOf(2).equals(name.get(0))) {
            names.add((String) name.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return Set.of();
    }
    return names;
  }

  private static Instant notAfter(X509Certificate certificate) {
    return certificate.getNotAfter().toInstant();
  }
}
