package io.crik.webhook.tls;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which CA certificates the caBundle contains. The CAs in use come first, then every
 * earlier CA until it expires, because a replica that has not yet read the rotated Secret still
 * serves a certificate that an earlier CA signed, and no such certificate outlives its CA.
 */
final class TrustBundle {

  private TrustBundle() {}

  static List<X509Certificate> compute(List<X509Certificate> inUse, List<X509Certificate> previous, Instant now) {
    Set<X509Certificate> bundle = new LinkedHashSet<>(inUse);
    for (X509Certificate certificate : previous) {
      if (certificate.getNotAfter().toInstant().isAfter(now)) {
        bundle.add(certificate);
      }
    }
    return new ArrayList<>(bundle);
  }
}
