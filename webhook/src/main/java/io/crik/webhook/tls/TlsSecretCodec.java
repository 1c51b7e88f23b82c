package io.crik.webhook.tls;

import io.crik.certs.CertificateAuthority;
import io.crik.certs.CertificateException;
import io.crik.certs.IssuedCertificate;
import io.crik.certs.Pem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts {@link TlsMaterial} to and from a {@code kubernetes.io/tls} Secret. Besides
 * {@code tls.crt} and {@code tls.key}, the Secret holds {@code ca.crt} and {@code ca.key} (the
 * signing CA), {@code next-ca.crt} and {@code next-ca.key} during a CA rotation, and
 * {@code ca-bundle.crt}, the trust bundle. The annotation {@value #NEXT_CA_PUBLISHED_AT} records
 * when the next CA joined the bundle.
 */
final class TlsSecretCodec {

  static final String TLS_CRT = "tls.crt";
  static final String TLS_KEY = "tls.key";
  static final String CA_CRT = "ca.crt";
  static final String CA_KEY = "ca.key";
  static final String NEXT_CA_CRT = "next-ca.crt";
  static final String NEXT_CA_KEY = "next-ca.key";
  static final String CA_BUNDLE = "ca-bundle.crt";
  static final String NEXT_CA_PUBLISHED_AT = "crik.io/next-ca-published-at";

  private static final Map<String, String> LABELS = Map.of(
      "app.kubernetes.io/name", "crik",
      "app.kubernetes.io/component", "webhook",
      "app.kubernetes.io/managed-by", "crik-webhook");

  private TlsSecretCodec() {}

  /** Builds the Secret for the material, without a resourceVersion. */
  static Secret encode(String namespace, String name, TlsMaterial material) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(TLS_CRT, base64(material.serving().certificateChainPem()));
    data.put(TLS_KEY, base64(material.serving().privateKeyPem()));
    data.put(CA_CRT, base64(material.signingCa().certificatePem()));
    data.put(CA_KEY, base64(Pem.encodePrivateKey(material.signingCa().privateKey())));
    data.put(CA_BUNDLE, base64(material.trustBundlePem()));
    Map<String, String> annotations = new LinkedHashMap<>();
    if (material.rotatingCa()) {
      data.put(NEXT_CA_CRT, base64(material.nextCa().certificatePem()));
      data.put(NEXT_CA_KEY, base64(Pem.encodePrivateKey(material.nextCa().privateKey())));
      annotations.put(NEXT_CA_PUBLISHED_AT, material.nextCaPublishedAt().toString());
    }
    return new SecretBuilder()
        .withNewMetadata()
            .withNamespace(namespace)
            .withName(name)
            .withLabels(LABELS)
            .withAnnotations(annotations)
        .endMetadata()
        .withType("kubernetes.io/tls")
        .withData(data)
        .build();
  }

  /** Reads the material from a Secret; throws {@link InvalidTlsSecretException} naming the bad key. */
  static TlsMaterial decode(Secret secret) {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    String name = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();

    CertificateAuthority signingCa = readCa(data, name, CA_CRT, CA_KEY);
    List<X509Certificate> chain = readCertificates(data, name, TLS_CRT);
    PrivateKey servingKey = readKey(data, name, TLS_KEY);
    IssuedCertificate serving = new IssuedCertificate(chain.get(0), servingKey, chain.subList(1, chain.size()));
    List<X509Certificate> bundle = readCertificates(data, name, CA_BUNDLE);

    CertificateAuthority nextCa = null;
    Instant publishedAt = null;
    if (data.containsKey(NEXT_CA_CRT)) {
      nextCa = readCa(data, name, NEXT_CA_CRT, NEXT_CA_KEY);
      publishedAt = readPublishedAt(secret, name);
    }
    return new TlsMaterial(signingCa, nextCa, publishedAt, serving, bundle);
  }

  private static CertificateAuthority readCa(Map<String, String> data, String name, String certificateKey,
      String privateKeyKey) {
    X509Certificate certificate = readCertificates(data, name, certificateKey).get(0);
    PrivateKey key = readKey(data, name, privateKeyKey);
    try {
      return CertificateAuthority.of(certificate, key);
    } catch (CertificateException e) {
      throw new InvalidTlsSecretException(name, certificateKey, e.getMessage());
    }
  }

  private static List<X509Certificate> readCertificates(Map<String, String> data, String name, String key) {
    try {
      return Pem.readCertificates(text(data, name, key));
    } catch (CertificateException e) {
      throw new InvalidTlsSecretException(name, key, e.getMessage());
    }
  }

  private static PrivateKey readKey(Map<String, String> data, String name, String key) {
    try {
      return Pem.readPrivateKey(text(data, name, key));
    } catch (CertificateException e) {
      // Pem's messages about keys never contain key material.
      throw new InvalidTlsSecretException(name, key, e.getMessage());
    }
  }

  private static Instant readPublishedAt(Secret secret, String name) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(NEXT_CA_PUBLISHED_AT);
    if (value == null) {
      throw new InvalidTlsSecretException(name, NEXT_CA_PUBLISHED_AT, "the annotation is missing");
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidTlsSecretException(name, NEXT_CA_PUBLISHED_AT, "\"" + value + "\" is not an RFC 3339 instant");
    }
  }

  private static String text(Map<String, String> data, String name, String key) {
    String value = data.get(key);
    if (value == null) {
      throw new InvalidTlsSecretException(name, key, "the key is missing");
    }
    try {
      return new String(Base64.getDecoder().decode(value), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      throw new InvalidTlsSecretException(name, key, "the value is not base64");
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }
}
