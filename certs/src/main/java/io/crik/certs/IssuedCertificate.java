package io.crik.certs;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate with its private key and the certificates that lead to its trust anchor, leaf
 * first. {@link #toString()} never shows the private key.
 */
public record IssuedCertificate(
    X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> issuers) {

  public IssuedCertificate {
    issuers = List.copyOf(issuers);
  }

  /** Returns the certificate followed by its issuers, as a TLS server sends them. */
  public List<X509Certificate> chain() {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(certificate);
    chain.addAll(issuers);
    return chain;
  }

  /** Encodes {@link #chain()} as PEM, as {@code tls.crt} of a Kubernetes TLS Secret expects. */
  public String certificateChainPem() {
    return Pem.encodeCertificates(chain());
  }

  /** Encodes the private key as PKCS#8 PEM, as {@code tls.key} of a Kubernetes TLS Secret expects. */
  public String privateKeyPem() {
    return Pem.encodePrivateKey(privateKey);
  }

  @Override
  public String toString() {
    return "IssuedCertificate[subject=" + certificate.getSubjectX500Principal().getName()
        + ", serial=" + certificate.getSerialNumber().toString(16)
        + ", notAfter=" + certificate.getNotAfter().toInstant()
        + ", privateKey=(hidden)]";
  }
}
