package io.crik.webhook.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The key pair check works for EC and RSA keys, the two kinds that openssl req creates for TLS. */
class TlsKeyPairCheckTest {

  private static KeyPair ecKeyPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static KeyPair rsaKeyPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static X509Certificate selfSigned(KeyPair pair) throws Exception {
    X500Name name = new X500Name("CN=localhost");
    Instant now = Instant.now();
    String algorithm = pair.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
        Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name, pair.getPublic());
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(pair.getPrivate())));
  }

  @Test
  void matchingEcPairPasses() throws Exception {
    KeyPair pair = ecKeyPair();

    assertThat(TlsKeyPairCheck.mismatch(pair.getPrivate(), selfSigned(pair))).isEmpty();
  }

  @Test
  void matchingRsaPairPasses() throws Exception {
    KeyPair pair = rsaKeyPair();

    assertThat(TlsKeyPairCheck.mismatch(pair.getPrivate(), selfSigned(pair))).isEmpty();
  }

  @Test
  void otherEcKeyIsMismatch() throws Exception {
    X509Certificate certificate = selfSigned(ecKeyPair());

    assertThat(TlsKeyPairCheck.mismatch(ecKeyPair().getPrivate(), certificate))
        .hasValue("a signature made with the private key does not verify with the certificate's public key");
  }

  @Test
  void otherRsaKeyIsMismatch() throws Exception {
    X509Certificate certificate = selfSigned(rsaKeyPair());

    assertThat(TlsKeyPairCheck.mismatch(rsaKeyPair().getPrivate(), certificate))
        .hasValue("a signature made with the private key does not verify with the certificate's public key");
  }

  @Test
  void ecKeyWithRsaCertificateIsMismatch() throws Exception {
    X509Certificate certificate = selfSigned(rsaKeyPair());

    assertThat(TlsKeyPairCheck.mismatch(ecKeyPair().getPrivate(), certificate))
        .hasValue("the private key is EC, but the certificate's public key is RSA");
  }
}
