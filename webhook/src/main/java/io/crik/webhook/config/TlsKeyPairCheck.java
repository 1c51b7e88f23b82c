package io.crik.webhook.config;

import io.crik.webhook.tls.ServingCertificateRenewer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.WebServerSslBundle;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Checks at start-up that the private key of the HTTPS port matches its certificate, for TLS from
 * the {@code server.ssl.*} properties or from the SSL bundle that {@code server.ssl.bundle} names.
 * With a mismatched pair the server starts, but every TLS handshake fails. For a bundle with
 * reload-on-update, a reloaded mismatched pair is logged as an error.
 *
 * <p>The check signs random bytes with each private key of the key store and verifies the
 * signature with the public key of that entry's certificate. The self-managed mode is left out,
 * because the webhook creates that key pair itself.
 */
final class TlsKeyPairCheck implements WebServerFactoryCustomizer<AbstractConfigurableWebServerFactory>, Ordered {

  private static final Logger log = LoggerFactory.getLogger(TlsKeyPairCheck.class);

  private final Environment environment;

  TlsKeyPairCheck(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void customize(AbstractConfigurableWebServerFactory factory) {
    Ssl ssl = factory.getSsl();
    if (!Ssl.isEnabled(ssl) || ServingCertificateRenewer.BUNDLE_NAME.equals(ssl.getBundle())) {
      return;
    }
    SslBundle bundle;
    try {
      bundle = WebServerSslBundle.get(ssl, factory.getSslBundles());
    } catch (RuntimeException e) {
      // Missing or unreadable files: the web server fails on them next, and StartupFailureAnalyzer
      // describes that failure.
      return;
    }
    Optional<String> mismatch = findMismatch(bundle);
    if (mismatch.isPresent()) {
      throw mismatchFailure(ssl, mismatch.get());
    }
    watchReloads(ssl, factory.getSslBundles());
  }

  @Override
  public int getOrder() {
    // After SelfManagedServerSsl, which names the self-managed bundle that this check skips.
    return Ordered.LOWEST_PRECEDENCE;
  }

  private void watchReloads(Ssl ssl, SslBundles bundles) {
    String name = ssl.getBundle();
    if (!StringUtils.hasText(name) || bundles == null) {
      return;
    }
    String files = describeFiles(ssl);
    bundles.addBundleUpdateHandler(name, updated -> findMismatch(updated).ifPresent(mismatch -> log.error(
        "The reloaded SSL bundle {} of the HTTPS port has a private key that does not match its certificate ({}: {});"
            + " every TLS handshake fails until matching files are in place, and the readiness probe on the HTTPS"
            + " port reports this replica as not ready", name, files, mismatch)));
  }

  /**
   * Returns what does not match in the key store of a bundle, or empty when every private key
   * matches its certificate or the store cannot be checked.
   */
  static Optional<String> findMismatch(SslBundle bundle) {
    KeyStore store = bundle.getStores().getKeyStore();
    if (store == null) {
      return Optional.empty();
    }
    String password = bundle.getKey().getPassword();
    if (password == null) {
      password = bundle.getStores().getKeyStorePassword();
    }
    char[] keyPassword = password == null ? null : password.toCharArray();
    try {
      List<String> aliases = StringUtils.hasText(bundle.getKey().getAlias()) ? List.of(bundle.getKey().getAlias())
          : new ArrayList<>(Collections.list(store.aliases()));
      for (String alias : aliases) {
        if (!store.isKeyEntry(alias)) {
          continue;
        }
        Key key = store.getKey(alias, keyPassword);
        Certificate certificate = store.getCertificate(alias);
        if (key instanceof PrivateKey privateKey && certificate != null) {
          Optional<String> mismatch = mismatch(privateKey, certificate);
          if (mismatch.isPresent()) {
            return mismatch;
          }
        }
      }
    } catch (GeneralSecurityException e) {
      // NOTE: a key that cannot be read here (such as one with another password) is left to the
      // web server, which reports it when it builds its key manager.
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Returns why the private key does not belong to the certificate, or empty when it does. */
  static Optional<String> mismatch(PrivateKey key, Certificate certificate) throws GeneralSecurityException {
    String keyAlgorithm = key.getAlgorithm();
    String certificateAlgorithm = certificate.getPublicKey().getAlgorithm();
    if (!keyAlgorithm.equals(certificateAlgorithm)) {
      return Optional.of("the private key is " + keyAlgorithm + ", but the certificate's public key is "
          + certificateAlgorithm);
    }
    Optional<String> algorithm = signatureAlgorithm(keyAlgorithm);
    if (algorithm.isEmpty()) {
      // NOTE: key types without a known signature algorithm here (RSASSA-PSS, DSA) are not checked.
      return Optional.empty();
    }
    byte[] data = new byte[32];
    new SecureRandom().nextBytes(data);
    Signature signer = Signature.getInstance(algorithm.get());
    signer.initSign(key);
    signer.update(data);
    byte[] signature = signer.sign();

    Signature verifier = Signature.getInstance(algorithm.get());
    try {
      verifier.initVerify(certificate.getPublicKey());
    } catch (InvalidKeyException e) {
      return Optional.of("the certificate's public key cannot verify signatures of the private key: " + e.getMessage());
    }
    verifier.update(data);
    if (!verifier.verify(signature)) {
      return Optional.of("a signature made with the private key does not verify with the certificate's public key");
    }
    return Optional.empty();
  }

  private static Optional<String> signatureAlgorithm(String keyAlgorithm) {
    return switch (keyAlgorithm.toUpperCase(Locale.ROOT)) {
      case "EC" -> Optional.of("SHA256withECDSA");
      case "RSA" -> Optional.of("SHA256withRSA");
      case "ED25519", "ED448", "EDDSA" -> Optional.of(keyAlgorithm);
      default -> Optional.empty();
    };
  }

  private InvalidConfigurationException mismatchFailure(Ssl ssl, String mismatch) {
    String files = describeFiles(ssl);
    return new InvalidConfigurationException(certificateProperty(ssl), "the private key of the HTTPS port does not"
        + " match its certificate (" + files + "): " + mismatch + ", so every TLS handshake would fail",
        "point the certificate and private key settings at one key pair, such as tls.crt and tls.key of the same"
            + " kubernetes.io/tls Secret. For a matching pair, openssl x509 -noout -pubkey -in CERTIFICATE and"
            + " openssl pkey -pubout -in KEY print the same public key");
  }

  private String certificateProperty(Ssl ssl) {
    if (StringUtils.hasText(ssl.getBundle())) {
      return "spring.ssl.bundle.pem." + ssl.getBundle() + ".keystore.certificate";
    }
    return StringUtils.hasText(ssl.getCertificate()) ? "server.ssl.certificate" : "server.ssl.key-store";
  }

  /** Names the properties and files of the HTTPS port's certificate and key, for messages. */
  private String describeFiles(Ssl ssl) {
    if (StringUtils.hasText(ssl.getBundle())) {
      String pem = "spring.ssl.bundle.pem." + ssl.getBundle() + ".keystore.";
      if (environment.containsProperty(pem + "certificate")) {
        return setting(pem + "certificate") + " and " + setting(pem + "private-key");
      }
      String jks = "spring.ssl.bundle.jks." + ssl.getBundle() + ".keystore.location";
      if (environment.containsProperty(jks)) {
        return setting(jks);
      }
      return "SSL bundle " + ssl.getBundle();
    }
    if (StringUtils.hasText(ssl.getCertificate())) {
      return "server.ssl.certificate=" + location(ssl.getCertificate()) + " and server.ssl.certificate-private-key="
          + location(ssl.getCertificatePrivateKey());
    }
    return "server.ssl.key-store=" + location(ssl.getKeyStore());
  }

  private String setting(String property) {
    return property + "=" + location(environment.getProperty(property, ""));
  }

  /** Returns a file location as configured; PEM text given in place of a location is not repeated. */
  private static String location(String value) {
    if (value == null) {
      return "";
    }
    return value.contains("-----BEGIN") ? "(PEM text)" : value.strip();
  }
}
