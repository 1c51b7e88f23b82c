package io.crik.certs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Reads and writes certificates and private keys in PEM. Keys are written as unencrypted PKCS#8
 * ({@code PRIVATE KEY}). Reading also accepts OpenSSL's SEC1 ({@code EC PRIVATE KEY}) and PKCS#1
 * ({@code RSA PRIVATE KEY}) forms.
 */
public final class Pem {

  private Pem() {}

  public static String encodeCertificates(List<X509Certificate> certificates) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (X509Certificate certificate : certificates) {
        writer.writeObject(certificate);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("failed to encode certificates as PEM", e);
    }
    return out.toString();
  }

  public static String encodePrivateKey(PrivateKey key) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      PemObject pkcs8 = new JcaPKCS8Generator(key, null).generate();
      writer.writeObject(pkcs8);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to encode a " + key.getAlgorithm() + " private key as PEM", e);
    }
    return out.toString();
  }

  /** Reads every certificate in the text, in order, and skips other PEM blocks. */
  public static List<X509Certificate> readCertificates(String pem) {
    List<X509Certificate> certificates = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof X509CertificateHolder holder) {
          certificates.add((X509Certificate) factory.generateCertificate(
              new ByteArrayInputStream(holder.getEncoded())));
        }
      }
    } catch (IOException | java.security.cert.CertificateException e) {
      throw new CertificateException("invalid PEM certificate: " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new CertificateException(
          "no CERTIFICATE block found in the PEM text; expected \"-----BEGIN CERTIFICATE-----\"");
    }
    return certificates;
  }

  /** Reads the first private key in the text. The message of a failure never contains key material. */
  public static PrivateKey readPrivateKey(String pem) {
    // BouncyCastle names EC keys "ECDSA", a name the JDK's own provider does not know.
    JcaPEMKeyConverter converter =
        new JcaPEMKeyConverter().setAlgorithmMapping(X9ObjectIdentifiers.id_ecPublicKey, "EC");
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (object instanceof PEMKeyPair pair) {
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
      }
    } catch (IOException e) {
      throw new CertificateException("invalid PEM private key (" + e.getClass().getSimpleName()
          + "); expected an unencrypted PKCS#8, SEC1 or PKCS#1 key");
    }
    throw new CertificateException("no private key block found in the PEM text; expected "
        + "\"-----BEGIN PRIVATE KEY-----\" or \"-----BEGIN EC PRIVATE KEY-----\"");
  }

  public static List<X509Certificate> readCertificates(Path file) {
    return readCertificates(readString(file));
  }

  public static PrivateKey readPrivateKey(Path file) {
    return readPrivateKey(readString(file));
  }

  /**
   * Writes a certificate chain and its key to two files. Each file is written to a temporary file
   * first and moved into place, so that a server reloading them never reads half a file. The key
   * file is readable by its owner only.
   */
  public static void write(IssuedCertificate issued, Path certificateFile, Path keyFile) {
    writeAtomically(keyFile, issued.privateKeyPem(), true);
    writeAtomically(certificateFile, issued.certificateChainPem(), false);
  }

  private static void writeAtomically(Path file, String content, boolean ownerOnly) {
    Path directory = file.toAbsolutePath().getParent();
    try {
      Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
      if (ownerOnly) {
        setOwnerOnly(temporary);
      }
      Files.writeString(temporary, content, StandardCharsets.US_ASCII);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to write " + file, e);
    }
  }

  private static void setOwnerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // A file system without POSIX permissions keeps its default access rules.
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read " + file, e);
    }
  }
}
