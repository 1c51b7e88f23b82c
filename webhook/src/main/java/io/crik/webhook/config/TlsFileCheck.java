package io.crik.webhook.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

/**
 * Checks the PEM certificate and private key that the HTTPS port is configured with: the
 * {@code server.ssl.*} pair, or the {@code spring.ssl.bundle.pem.<name>.keystore.*} pair of the
 * bundle that {@code server.ssl.bundle} names. It finds the first missing, unreadable or
 * non-PEM one, so that a failed start can name the property and the file.
 */
final class TlsFileCheck {

  private static final String CERTIFICATE_MARKER = "-----BEGIN CERTIFICATE-----";
  /** Ends the first line of every PEM private key: PKCS#8, RSA, EC and encrypted PKCS#8. */
  private static final String PRIVATE_KEY_MARKER = "PRIVATE KEY-----";

  /** A problem with one TLS property, and what to do about it. */
  record Problem(String description, String action) {
  }

  private final Environment environment;
  private final ResourceLoader resources = ApplicationResourceLoader.get();

  TlsFileCheck(Environment environment) {
    this.environment = environment;
  }

  /** Returns the first problem of the configured certificate and key, or empty when none is found. */
  Optional<Problem> find() {
    String bundle = environment.getProperty("server.ssl.bundle", "");
    String certificateProperty;
    String keyProperty;
    if (StringUtils.hasText(bundle)) {
      String prefix = "spring.ssl.bundle.pem." + bundle.strip() + ".keystore.";
      certificateProperty = prefix + "certificate";
      keyProperty = prefix + "private-key";
    } else {
      certificateProperty = "server.ssl.certificate";
      keyProperty = "server.ssl.certificate-private-key";
    }

    String certificate = environment.getProperty(certificateProperty, "");
    String key = environment.getProperty(keyProperty, "");
    if (!StringUtils.hasText(certificate) && !StringUtils.hasText(key)) {
      // Nothing to check: no TLS at all, or a bundle of another kind such as a JKS key store.
      return Optional.empty();
    }

    if (!StringUtils.hasText(certificate)) {
      return Optional.of(new Problem(keyProperty + " is set, but " + certificateProperty + " is not",
          "set " + certificateProperty + " to the PEM certificate chain that belongs to that key, such as"
              + " file:/etc/crik/tls/tls.crt"));
    }
    if (!StringUtils.hasText(key)) {
      return Optional.of(new Problem(certificateProperty + " is set, but " + keyProperty + " is not",
          "set " + keyProperty + " to the PEM private key of that certificate, such as file:/etc/crik/tls/tls.key"));
    }

    Optional<Problem> certificateProblem = checkPem(certificateProperty, certificate, CERTIFICATE_MARKER,
        "a PEM certificate", "tls.crt");
    if (certificateProblem.isPresent()) {
      return certificateProblem;
    }
    return checkPem(keyProperty, key, PRIVATE_KEY_MARKER, "a PEM private key", "tls.key");
  }

  /**
   * @param expected what the file must contain, such as "a PEM certificate"
   * @param secretKey the key of a kubernetes.io/tls Secret that contains such a file
   */
  private Optional<Problem> checkPem(String property, String location, String marker, String expected,
      String secretKey) {
    String value = location.strip();
    if (value.contains("-----BEGIN")) {
      // Spring Boot also takes the PEM text itself as the property's value.
      return value.contains(marker) ? Optional.empty() : Optional.of(new Problem(
          property + " holds PEM text without " + expected + " (no line ending in " + marker + ")",
          "set " + property + " to " + expected + ", or to the location of a file that holds one"));
    }
    Resource resource = resources.getResource(value);
    String setting = property + "=" + value;
    if (!resource.exists()) {
      return Optional.of(new Problem(setting + ": the file does not exist",
          "create the file, mount the Secret that holds it, or set " + property + " to the right path"
              + " (file:/path or a plain path)"));
    }
    try {
      if (resource.isFile() && !Files.isReadable(resource.getFile().toPath())) {
        return Optional.of(new Problem(setting + ": the file is not readable by the webhook's user",
            "make the file readable for the user that runs the webhook; for a mounted Secret, check defaultMode"
                + " and the pod's fsGroup"));
      }
      String content = resource.getContentAsString(StandardCharsets.UTF_8);
      if (!content.contains(marker)) {
        return Optional.of(new Problem(setting + ": the file does not contain " + expected + " (no line ending in "
            + marker + ")", "set " + property + " to a file with " + expected + ", such as the " + secretKey
                + " of a kubernetes.io/tls Secret; convert a DER file to PEM with openssl"));
      }
    } catch (IOException e) {
      return Optional.of(new Problem(setting + ": reading the file failed: " + e.getMessage(),
          "make the file readable for the user that runs the webhook"));
    }
    return Optional.empty();
  }
}
