package io.crik.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

  private final CertificateAuthority ca = CertificateAuthority.generate("test-ca", Clock.systemUTC());
  private final IssuedCertificate issued =
      ca.issue(ServingCertificateRequest.forService("svc", "ns"), Clock.systemUTC());

  @Test
  void certificateChainRoundTrips() {
    String pem = issued.certificateChainPem();

    List<X509Certificate> read = Pem.readCertificates(pem);

    assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(read).containsExactly(issued.certificate(), ca.certificate());
  }

  @Test
  void privateKeyRoundTripsAsPkcs8() {
    String pem = issued.privateKeyPem();

    PrivateKey read = Pem.readPrivateKey(pem);

    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(read.getEncoded()).isEqualTo(issued.privateKey().getEncoded());
  }

  @Test
  void readsSec1EcKeyAsOpensslWritesIt() throws Exception {
    // Written by "openssl ecparam -name prime256v1 -genkey -noout" (OpenSSL 3.0), test use only.
    String sec1 = """
        -----BEGIN EC PRIVATE KEY-----
        MHcCAQEEIKEqL1S6RiZtIi+Kj3ggslQVAsXCUA+hGTzH97vOWZqnoAoGCCqGSM49
        AwEHoUQDQgAEeH2b+0slsmZscSEAi9lj6KIals7tOKOqjdRP4saY5kz59IpHIIW1
        VoKRLU33vWdtGFZz8aAUM1LfepH7r2ZgLg==
        -----END EC PRIVATE KEY-----
        """;

    PrivateKey read = Pem.readPrivateKey(sec1);

    assertThat(read).isInstanceOf(ECPrivateKey.class);
    assertThat(((ECPrivateKey) read).getS().bitLength()).isBetween(200, 256);
    assertThat(((ECPrivateKey) read).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
  }

  @Test
  void caRoundTripsAndIssues() {
    CertificateAuthority reread = CertificateAuthority.of(
        Pem.readCertificates(ca.certificatePem()).get(0), Pem.readPrivateKey(Pem.encodePrivateKey(ca.privateKey())));

    IssuedCertificate leaf = reread.issue(ServingCertificateRequest.forService("x", "y"), Clock.systemUTC());

    assertThat(leaf.issuers()).containsExactly(ca.certificate());
  }

  @Test
  void missingCertificateIsReported() {
    assertThatThrownBy(() -> Pem.readCertificates(issued.privateKeyPem()))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("no CERTIFICATE block");
  }

  @Test
  void missingKeyIsReported() {
    assertThatThrownBy(() -> Pem.readPrivateKey(issued.certificateChainPem()))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("no private key block");
  }

  @Test
  void corruptKeyMessageShowsNoKeyMaterial() {
    String pem = issued.privateKeyPem();
    String body = pem.lines().skip(1).findFirst().orElseThrow();
    String corrupt = pem.replace(body, body.substring(0, 20) + "!!!!" + body.substring(24));

    assertThatThrownBy(() -> Pem.readPrivateKey(corrupt))
        .isInstanceOf(CertificateException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(body.substring(0, 20)));
  }

  @Test
  void writeCreatesOwnerOnlyKeyFile(@TempDir Path directory) throws Exception {
    Path certificateFile = directory.resolve("tls.crt");
    Path keyFile = directory.resolve("tls.key");

    Pem.write(issued, certificateFile, keyFile);

    assertThat(Pem.readCertificates(certificateFile)).containsExactly(issued.certificate(), ca.certificate());
    assertThat(Pem.readPrivateKey(keyFile).getEncoded()).isEqualTo(issued.privateKey().getEncoded());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    try (var files = Files.list(directory)) {
      assertThat(files).hasSize(2);
    }
  }
}
