package io.crik.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final CertificateAuthority ca = CertificateAuthority.generate("crik-webhook-ca", CLOCK);

  @Nested
  @DisplayName("CA certificate")
  class CaCertificate {

    @Test
    void isSelfSignedP256Ca() throws Exception {
      X509Certificate certificate = ca.certificate();

      assertThat(certificate.getSubjectX500Principal()).isEqualTo(certificate.getIssuerX500Principal());
      assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=crik-webhook-ca");
      assertThat(certificate.getBasicConstraints()).isEqualTo(0);
      assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isTrue();
      assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
      assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize())
          .isEqualTo(256);
      certificate.verify(certificate.getPublicKey());
    }

    @Test
    void livesTenYearsAndToleratesClockSkew() {
      X509Certificate certificate = ca.certificate();

      assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
      assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
    }

    @Test
    void keyPairMatches() throws Exception {
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(ca.privateKey());
      signer.update(new byte[] {1, 2, 3});
      byte[] signature = signer.sign();

      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(ca.publicKey());
      verifier.update(new byte[] {1, 2, 3});
      assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void serialNumbersDiffer() {
      CertificateAuthority other = CertificateAuthority.generate("crik-webhook-ca", CLOCK);

      assertThat(other.certificate().getSerialNumber()).isNotEqualTo(ca.certificate().getSerialNumber());
      assertThat(other.certificate().getSerialNumber().signum()).isPositive();
    }

    @Test
    void wrapRejectsLeafCertificate() {
      IssuedCertificate leaf = ca.issue(ServingCertificateRequest.forService("a", "b"), CLOCK);

      assertThatThrownBy(() -> CertificateAuthority.of(leaf.certificate(), leaf.privateKey()))
          .isInstanceOf(CertificateException.class)
          .hasMessageContaining("not a CA certificate");
    }
  }

  @Nested
  @DisplayName("serving certificate")
  class ServingCertificate {

    private final IssuedCertificate issued = ca.issue(
        ServingCertificateRequest.forService("crik-webhook", "crik-system")
            .withDnsNames("localhost")
            .withIpAddresses(InetAddress.getLoopbackAddress()),
        Duration.ofDays(90), CLOCK);

    @Test
    void namesTheServiceInEveryForm() throws Exception {
      List<String> dnsNames = issued.certificate().getSubjectAlternativeNames().stream()
          .filter(name -> (Integer) name.get(0) == 2)
          .map(name -> (String) name.get(1))
          .toList();

      assertThat(dnsNames).containsExactly(
          "crik-webhook",
          "crik-webhook.crik-system",
          "crik-webhook.crik-system.svc",
          "crik-webhook.crik-system.svc.cluster.local",
          "localhost");
    }

    @Test
    void includesIpAddresses() throws Exception {
      List<String> addresses = issued.certificate().getSubjectAlternativeNames().stream()
          .filter(name -> (Integer) name.get(0) == 7)
          .map(name -> (String) name.get(1))
          .toList();

      assertThat(addresses).containsExactly("127.0.0.1");
    }

    @Test
    void isLeafForServerAuthentication() throws Exception {
      X509Certificate certificate = issued.certificate();

      assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
      assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
      assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isFalse();
      assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
      assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=crik-webhook");
      assertThat(certificate.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
    }

    @Test
    void hasRequestedLifetime() {
      assertThat(issued.certificate().getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(90)));
    }

    @Test
    void lifetimeEndsWithCa() {
      CertificateAuthority shortCa = CertificateAuthority.generate("short", Duration.ofDays(10), CLOCK);

      IssuedCertificate leaf = shortCa.issue(ServingCertificateRequest.forService("a", "b"),
          Duration.ofDays(365), CLOCK);

      assertThat(leaf.certificate().getNotAfter()).isEqualTo(shortCa.certificate().getNotAfter());
    }

    @Test
    void expiredCaIssuesNothing() {
      CertificateAuthority shortCa = CertificateAuthority.generate("short", Duration.ofDays(1), CLOCK);
      Clock later = Clock.offset(CLOCK, Duration.ofDays(2));

      assertThatThrownBy(() -> shortCa.issue(ServingCertificateRequest.forService("a", "b"), later))
          .isInstanceOf(CertificateException.class)
          .hasMessageContaining("expired");
    }

    @Test
    void chainValidatesWithJdkPkix() throws Exception {
      validate(issued.chain(), ca.certificate(), Date.from(NOW));
    }

    @Test
    void chainFailsAgainstAnotherCa() {
      CertificateAuthority stranger = CertificateAuthority.generate("stranger", CLOCK);

      assertThatThrownBy(() -> validate(issued.chain(), stranger.certificate(), Date.from(NOW)))
          .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void chainFailsAfterExpiry() {
      Date afterExpiry = Date.from(NOW.plus(Duration.ofDays(91)));

      assertThatThrownBy(() -> validate(issued.chain(), ca.certificate(), afterExpiry))
          .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void toStringHidesPrivateKey() {
      String keyPem = issued.privateKeyPem();
      String keyBody = keyPem.lines().skip(1).findFirst().orElseThrow();

      assertThat(issued.toString()).contains("privateKey=(hidden)").doesNotContain(keyBody);
      assertThat(ca.toString()).contains("privateKey=(hidden)");
    }
  }

  @Nested
  @DisplayName("serving certificate request")
  class Request {

    @Test
    void defaultsToClusterLocal() {
      assertThat(ServingCertificateRequest.forService("svc", "ns").dnsNames())
          .containsExactly("svc", "svc.ns", "svc.ns.svc", "svc.ns.svc.cluster.local");
    }

    @Test
    void usesGivenClusterDomain() {
      assertThat(ServingCertificateRequest.forService("svc", "ns", "corp.internal").dnsNames())
          .last().isEqualTo("svc.ns.svc.corp.internal");
    }

    @Test
    void dropsDuplicateNames() {
      assertThat(ServingCertificateRequest.forService("svc", "ns").withDnsNames("svc").dnsNames())
          .hasSize(4);
    }

    @Test
    void rejectsInvalidName() {
      assertThatThrownBy(() -> ServingCertificateRequest.forService("svc", "ns").withDnsNames("bad name"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid DNS name \"bad name\"");
    }
  }

  private static void validate(List<X509Certificate> chain, X509Certificate anchor, Date at)
      throws Exception {
    CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, 1));
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(at);
    CertPathValidator.getInstance("PKIX").validate(path, parameters);
  }
}
