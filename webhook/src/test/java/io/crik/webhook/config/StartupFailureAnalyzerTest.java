package io.crik.webhook.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.webhook.tls.InvalidTlsSecretException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.context.ApplicationContextException;
import org.springframework.mock.env.MockEnvironment;

class StartupFailureAnalyzerTest {

  private static final String CERTIFICATE = """
      -----BEGIN CERTIFICATE-----
      MIIBszCCAVmgAwIBAgIUZXhhbXBsZQ==
      -----END CERTIFICATE-----
      """;
  private static final String PRIVATE_KEY = """
      -----BEGIN PRIVATE KEY-----
      MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg
      -----END PRIVATE KEY-----
      """;

  @TempDir
  Path dir;

  private final MockEnvironment environment = new MockEnvironment();
  private final StartupFailureAnalyzer analyzer = new StartupFailureAnalyzer(environment);

  /** Builds a failure like Spring Boot 4.0.7's when the web server cannot load its PEM files. */
  private static Throwable keyStoreFailure(String reason) {
    return new ApplicationContextException("Unable to start web server",
        new IllegalStateException("Unable to create key store: " + reason));
  }

  private String file(String name, String content) throws IOException {
    return "file:" + Files.writeString(dir.resolve(name), content);
  }

  @Test
  void invalidConfigurationNamesPropertyAndAction() {
    InvalidConfigurationException invalid = new InvalidConfigurationException("crik.webhook.node-state-url",
        "crik.webhook.node-state-url=localhost:8080 is invalid", "set an http:// or https:// base URL");

    FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("nodeStateLookup", "failed", invalid));

    assertThat(analysis.getDescription())
        .isEqualTo("The crik webhook cannot start: crik.webhook.node-state-url=localhost:8080 is invalid.");
    assertThat(analysis.getAction()).isEqualTo("Set an http:// or https:// base URL.");
    assertThat(analysis.getCause()).isInstanceOf(BeanCreationException.class);
  }

  @Test
  void invalidTlsSecretSuggestsRepairOrDeletion() {
    FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("selfManagedCertificates", "failed",
        new InvalidTlsSecretException("crik-system/crik-webhook-tls", "tls.key", "the value is not base64")));

    assertThat(analysis.getDescription()).contains("Secret crik-system/crik-webhook-tls, key tls.key: the value is"
        + " not base64");
    assertThat(analysis.getAction()).startsWith("Repair that key of the Secret, or delete the Secret");
  }

  @Test
  void undefinedBundleIsNamed() {
    FailureAnalysis analysis = analyzer.analyze(new ApplicationContextException("Unable to start web server",
        new NoSuchSslBundleException("webhook", "SSL bundle name 'webhook' cannot be found")));

    assertThat(analysis.getDescription()).contains("server.ssl.bundle=webhook names an SSL bundle that is not defined");
    assertThat(analysis.getAction()).contains("spring.ssl.bundle.pem.webhook.keystore.certificate");
  }

  @Test
  void missingCertificateFileIsNamed() throws IOException {
    String missing = "file:" + dir.resolve("missing.crt");
    environment.setProperty("server.ssl.certificate", missing);
    environment.setProperty("server.ssl.certificate-private-key", file("tls.key", PRIVATE_KEY));

    FailureAnalysis analysis = analyzer.analyze(
        keyStoreFailure("Error reading certificate or key from file '" + missing + "'"));

    assertThat(analysis.getDescription()).contains("server.ssl.certificate=" + missing + ": the file does not exist");
    assertThat(analysis.getAction()).startsWith("Create the file, mount the Secret that holds it, or set"
        + " server.ssl.certificate");
  }

  @Test
  void plainPathIsReadFromFileSystem() throws IOException {
    String key = dir.resolve("tls.key").toString();
    Files.writeString(Path.of(key), "not a key\n");
    environment.setProperty("server.ssl.certificate", file("tls.crt", CERTIFICATE));
    environment.setProperty("server.ssl.certificate-private-key", key);

    FailureAnalysis analysis = analyzer.analyze(keyStoreFailure("Missing private key or unrecognized format"));

    assertThat(analysis.getDescription()).contains("server.ssl.certificate-private-key=" + key
        + ": the file does not contain a PEM private key");
  }

  @Test
  void certificateFileWithoutPemIsNamed() throws IOException {
    String certificate = file("tls.crt", "garbage\n");
    environment.setProperty("server.ssl.certificate", certificate);
    environment.setProperty("server.ssl.certificate-private-key", file("tls.key", PRIVATE_KEY));

    FailureAnalysis analysis = analyzer.analyze(keyStoreFailure("Missing certificates or unrecognized format"));

    assertThat(analysis.getDescription()).contains("server.ssl.certificate=" + certificate
        + ": the file does not contain a PEM certificate (no line ending in -----BEGIN CERTIFICATE-----)");
    assertThat(analysis.getAction()).isEqualTo("Set server.ssl.certificate to a file with a PEM certificate, such as"
        + " the tls.crt of a kubernetes.io/tls Secret; convert a DER file to PEM with openssl.");
  }

  @Test
  void certificateWithoutKeyIsNamed() throws IOException {
    environment.setProperty("server.ssl.certificate", file("tls.crt", CERTIFICATE));

    FailureAnalysis analysis = analyzer.analyze(new ApplicationContextException("Unable to start web server",
        new IllegalStateException("SSL is enabled but no trust material is configured for the default host")));

    assertThat(analysis.getDescription())
        .contains("server.ssl.certificate is set, but server.ssl.certificate-private-key is not");
  }

  @Test
  void bundleFilesAreChecked() throws IOException {
    String missing = "file:" + dir.resolve("missing.key");
    environment.setProperty("server.ssl.bundle", "webhook");
    environment.setProperty("spring.ssl.bundle.pem.webhook.keystore.certificate", file("tls.crt", CERTIFICATE));
    environment.setProperty("spring.ssl.bundle.pem.webhook.keystore.private-key", missing);

    FailureAnalysis analysis = analyzer.analyze(new IllegalStateException("Could not load store",
        keyStoreFailure("Error reading certificate or key from file '" + missing + "'")));

    assertThat(analysis.getDescription())
        .contains("spring.ssl.bundle.pem.webhook.keystore.private-key=" + missing + ": the file does not exist");
  }

  @Test
  void inlinePemWithoutKeyIsNamed() throws IOException {
    environment.setProperty("server.ssl.certificate", file("tls.crt", CERTIFICATE));
    environment.setProperty("server.ssl.certificate-private-key", CERTIFICATE);

    FailureAnalysis analysis = analyzer.analyze(keyStoreFailure("Missing private key or unrecognized format"));

    assertThat(analysis.getDescription())
        .contains("server.ssl.certificate-private-key holds PEM text without a PEM private key");
  }

  @Test
  void validFilesAreLeftToSpringBoot() throws IOException {
    environment.setProperty("server.ssl.certificate", file("tls.crt", CERTIFICATE));
    environment.setProperty("server.ssl.certificate-private-key", file("tls.key", PRIVATE_KEY));

    assertThat(analyzer.analyze(keyStoreFailure("Unsupported key type"))).isNull();
  }

  @Test
  void unrelatedFailureIsLeftToSpringBoot() {
    environment.setProperty("server.ssl.certificate", "file:" + dir.resolve("missing.crt"));

    assertThat(analyzer.analyze(new IllegalStateException("port 8443 is in use"))).isNull();
  }
}
