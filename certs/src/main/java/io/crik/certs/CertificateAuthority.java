package io.crik.certs;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate authority with an ECDSA P-256 key that issues serving certificates.
 * {@link #toString()} never shows the private key.
 */
public final class CertificateAuthority {

  /** Lifetime of a generated CA: long, because every webhook configuration trusts it by value. */
  public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);

  /** Lifetime of a serving certificate when none is given. */
  public static final Duration DEFAULT_SERVING_VALIDITY = Duration.ofDays(365);

  /**
   * How far notBefore lies in the past, so that a client whose clock is slightly behind still
   * accepts a certificate issued a moment ago.
   */
  static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(5);

  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final PrivateKey privateKey;

  private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  /** Creates a new CA with a fresh key pair. */
  public static CertificateAuthority generate(String commonName, Duration validity, Clock clock) {
    Objects.requireNonNull(commonName, "commonName");
    KeyPair keyPair = KeyPairs.generateP256();
    Instant now = clock.instant();
    X500Name subject = distinguishedName(commonName);

    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          subject, randomSerial(), Date.from(now.minus(CLOCK_SKEW_ALLOWANCE)),
          Date.from(now.plus(validity)), subject, keyPair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          extensions.createSubjectKeyIdentifier(keyPair.getPublic()));

      X509Certificate certificate = sign(builder, keyPair.getPrivate());
      return new CertificateAuthority(certificate, keyPair.getPrivate());
    } catch (CertIOException | java.security.NoSuchAlgorithmException e) {
      throw new CertificateException("failed to build the CA certificate \"" + commonName + "\"", e);
    }
  }

  public static CertificateAuthority generate(String commonName, Clock clock) {
    return generate(commonName, DEFAULT_CA_VALIDITY, clock);
  }

  /** Wraps an existing CA, for example one read back from PEM. */
  public static CertificateAuthority of(X509Certificate certificate, PrivateKey privateKey) {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    if (certificate.getBasicConstraints() < 0) {
      throw new CertificateException("certificate \"" + certificate.getSubjectX500Principal().getName()
          + "\" is not a CA certificate (basicConstraints CA:false); use a CA certificate and its key");
    }
    return new CertificateAuthority(certificate, privateKey);
  }

  /**
   * Issues a serving certificate for TLS servers with a fresh key pair. Its lifetime ends at the
   * CA's notAfter at the latest, because a chain is only valid while every link is.
   */
  public IssuedCertificate issue(ServingCertificateRequest request, Duration validity, Clock clock) {
    Objects.requireNonNull(request, "request");
    KeyPair keyPair = KeyPairs.generateP256();
    Instant now = clock.instant();
    Instant notAfter = earliest(now.plus(validity), certificate.getNotAfter().toInstant());
    Instant notBefore = now.minus(CLOCK_SKEW_ALLOWANCE);
    if (!notAfter.isAfter(now)) {
      throw new CertificateException("the CA \"" + certificate.getSubjectX500Principal().getName()
          + "\" expired at " + certificate.getNotAfter().toInstant() + "; create a new CA");
    }

    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          certificate, randomSerial(), Date.from(notBefore), Date.from(notAfter),
          distinguishedName(request.commonName()), keyPair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(request));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          extensions.createAuthorityKeyIdentifier(certificate));

      X509Certificate issued = sign(builder, privateKey);
      return new IssuedCertificate(issued, keyPair.getPrivate(), List.of(certificate));
    } catch (CertIOException | java.security.NoSuchAlgorithmException
        | java.security.cert.CertificateEncodingException e) {
      throw new CertificateException("failed to build a serving certificate for " + request.allNames(), e);
    }
  }

  public IssuedCertificate issue(ServingCertificateRequest request, Clock clock) {
    return issue(request, DEFAULT_SERVING_VALIDITY, clock);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  public PublicKey publicKey() {
    return certificate.getPublicKey();
  }

  /** Encodes the CA certificate as PEM, the form of a webhook configuration's caBundle. */
  public String certificatePem() {
    return Pem.encodeCertificates(List.of(certificate));
  }

  @Override
  public String toString() {
    return "CertificateAuthority[subject=" + certificate.getSubjectX500Principal().getName()
        + ", notAfter=" + certificate.getNotAfter().toInstant() + ", privateKey=(hidden)]";
  }

  private static GeneralNames subjectAlternativeNames(ServingCertificateRequest request) {
    List<GeneralName> names = new ArrayList<>();
    for (String dnsName : request.dnsNames()) {
      names.add(new GeneralName(GeneralName.dNSName, dnsName));
    }
    for (InetAddress address : request.ipAddresses()) {
      names.add(new GeneralName(GeneralName.iPAddress, address.getHostAddress()));
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) {
    try {
      ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException | java.security.cert.CertificateException e) {
      throw new CertificateException("failed to sign a certificate with " + SIGNATURE_ALGORITHM, e);
    }
  }

  private static X500Name distinguishedName(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  /** Returns a positive serial number of 127 random bits, well within the 20 octets RFC 5280 allows. */
  private static BigInteger randomSerial() {
    BigInteger serial;
    do {
      serial = new BigInteger(127, RANDOM);
    } while (serial.signum() == 0);
    return serial;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
