package io.crik.webhook.tls;

import io.crik.certs.CertificateAuthority;
import io.crik.certs.IssuedCertificate;
import io.crik.certs.Pem;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the self-managed mode keeps in its Secret: the CA that signs serving certificates, a next
 * CA while a CA rotation is under way, the serving certificate, and the trust bundle that the
 * MutatingWebhookConfiguration publishes as caBundle. {@link #toString()} never shows a private key.
 *
 * @param signingCa the CA that signed {@code serving}
 * @param nextCa the CA that replaces {@code signingCa} once clients trust it, or null
 * @param nextCaPublishedAt when {@code nextCa} was added to the trust bundle, or null
 * @param serving the serving certificate with its chain and key
 * @param trustBundle every CA certificate that clients must trust, the signing CA first
 */
public record TlsMaterial(
    CertificateAuthority signingCa,
    CertificateAuthority nextCa,
    Instant nextCaPublishedAt,
    IssuedCertificate serving,
    List<X509Certificate> trustBundle) {

  public TlsMaterial {
    Objects.requireNonNull(signingCa, "signingCa");
    Objects.requireNonNull(serving, "serving");
    trustBundle = List.copyOf(trustBundle);
    if ((nextCa == null) != (nextCaPublishedAt == null)) {
      throw new IllegalArgumentException("nextCa and nextCaPublishedAt must be set together");
    }
  }

  public boolean rotatingCa() {
    return nextCa != null;
  }

  /** Encodes the trust bundle as PEM, the content of a webhook's caBundle before base64. */
  public String trustBundlePem() {
    return Pem.encodeCertificates(trustBundle);
  }

  @Override
  public String toString() {
    return "TlsMaterial[signingCa=" + signingCa + ", nextCa=" + nextCa + ", serving=" + serving
        + ", trustBundle=" + trustBundle.size() + " certificates]";
  }
}
