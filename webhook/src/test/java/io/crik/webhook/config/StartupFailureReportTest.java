package io.crik.webhook.config;

import static io.crik.webhook.testing.TestPorts.RANDOM_PORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crik.webhook.WebhookApplication;
import io.crik.webhook.testing.TestCertificates;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A start with invalid settings prints the analysis of StartupFailureAnalyzer in place of a stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTest {

  private static SpringApplicationBuilder application(String... properties) {
    return new SpringApplicationBuilder(WebhookApplication.class)
        .properties("server.address=127.0.0.1", "crik.webhook.plain-port=0",
            "crik.webhook.kubernetes.enabled=false")
        .properties(properties);
  }

  @Test
  void invalidPropertyIsDescribed(CapturedOutput output) {
    TestCertificates certificates = TestCertificates.create();
    SpringApplicationBuilder application = application(
        "server.ssl.certificate=" + certificates.certificateLocation(),
        "server.ssl.certificate-private-key=" + certificates.privateKeyLocation(),
        "crik.webhook.node-state-url=localhost:8080");

    assertThatThrownBy(() -> application.run(RANDOM_PORT)).isInstanceOf(Exception.class);

    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("The crik webhook cannot start: crik.webhook.node-state-url=localhost:8080 is invalid, and"
            + " wrappers would refuse to start with it.")
        .contains("Set an http:// or https:// base URL without query")
        .doesNotContain("Application run failed");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "crik.webhook.registry.default-platform=amd64 | crik.webhook.registry.default-platform=amd64 is invalid.",
      "crik.webhook.images[0].image=Not An Image | crik.webhook.images[0].image: invalid image reference",
      "crik.webhook.registry.endpoints[0].registry=docker.io | crik.webhook.registry.endpoints[0] has no url.",
      "crik.webhook.wrapper-image= | crik.webhook.wrapper-image is empty.",
      "crik.webhook.capabilities=CAP_SYS_ADMIN | crik.webhook.capabilities[0]=CAP_SYS_ADMIN has the CAP_ prefix",
      "crik.webhook.capabilities=SYS_ADMIN,sys_admn | crik.webhook.capabilities[1]=sys_admn is not a Linux capability",
      "crik.webhook.runtime-default-capabilities=SETPCAP,CHROOT | crik.webhook.runtime-default-capabilities[1]=CHROOT"})
  void invalidSettingNamesProperty(String setting, String description, CapturedOutput output) {
    TestCertificates certificates = TestCertificates.create();
    SpringApplicationBuilder application = application(
        "server.ssl.certificate=" + certificates.certificateLocation(),
        "server.ssl.certificate-private-key=" + certificates.privateKeyLocation());

    // A command-line argument, because application.yaml overrides the builder's default properties.
    assertThatThrownBy(() -> application.run(RANDOM_PORT, "--" + setting)).isInstanceOf(Exception.class);

    assertThat(output).contains("The crik webhook cannot start: " + description)
        .doesNotContain("Application run failed");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "crik.webhook.failure-mode=sometimes | crik.webhook.failure-mode=sometimes is invalid | Set"
          + " crik.webhook.failure-mode to one of deny-explicit, admit, deny.",
      "crik.webhook.tls.mode=manual | crik.webhook.tls.mode=manual is invalid | Set crik.webhook.tls.mode to one of"
          + " server-ssl, self-managed.",
      "crik.webhook.termination-grace-period-floor=thirty | crik.webhook.termination-grace-period-floor=thirty is"
          + " invalid | Set crik.webhook.termination-grace-period-floor to a duration such as 30s or 2m, or to a"
          + " number of seconds.",
      "crik.webhook.registry.lookup-timeout=4 seconds | crik.webhook.registry.lookup-timeout=4 seconds is invalid |"
          + " Set crik.webhook.registry.lookup-timeout to a duration such as 30s or 2m, or to a number of seconds."})
  void invalidValueGetsDocumentedSpelling(String setting, String description, String action, CapturedOutput output) {
    TestCertificates certificates = TestCertificates.create();
    SpringApplicationBuilder application = application(
        "server.ssl.certificate=" + certificates.certificateLocation(),
        "server.ssl.certificate-private-key=" + certificates.privateKeyLocation());

    assertThatThrownBy(() -> application.run(RANDOM_PORT, "--" + setting)).isInstanceOf(Exception.class);

    assertThat(output).contains("The crik webhook cannot start: " + description)
        .contains(action)
        .doesNotContain("DENY_EXPLICIT")
        .doesNotContain("Application run failed");
  }

  @Test
  void mismatchedKeyIsDescribed(CapturedOutput output) {
    TestCertificates served = TestCertificates.create();
    TestCertificates other = TestCertificates.create();
    SpringApplicationBuilder application = application(
        "server.ssl.certificate=" + served.certificateLocation(),
        "server.ssl.certificate-private-key=" + other.privateKeyLocation());

    assertThatThrownBy(() -> application.run(RANDOM_PORT)).isInstanceOf(Exception.class);

    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("The crik webhook cannot start: the private key of the HTTPS port does not match its certificate"
            + " (server.ssl.certificate=" + served.certificateLocation() + " and server.ssl.certificate-private-key="
            + other.privateKeyLocation() + "): a signature made with the private key does not verify with the"
            + " certificate's public key, so every TLS handshake would fail.")
        .contains("Point the certificate and private key settings at one key pair")
        .doesNotContain("Application run failed");
  }

  @Test
  void mismatchedBundleKeyIsDescribed(CapturedOutput output) {
    TestCertificates served = TestCertificates.create();
    TestCertificates other = TestCertificates.create();
    SpringApplicationBuilder application = application(
        "spring.ssl.bundle.pem.webhook.keystore.certificate=" + served.certificateLocation(),
        "spring.ssl.bundle.pem.webhook.keystore.private-key=" + other.privateKeyLocation(),
        "server.ssl.bundle=webhook");

    assertThatThrownBy(() -> application.run(RANDOM_PORT)).isInstanceOf(Exception.class);

    assertThat(output).contains("The crik webhook cannot start: the private key of the HTTPS port does not match its"
            + " certificate (spring.ssl.bundle.pem.webhook.keystore.certificate=" + served.certificateLocation()
            + " and spring.ssl.bundle.pem.webhook.keystore.private-key=" + other.privateKeyLocation() + ")")
        .doesNotContain("Application run failed");
  }

  @Test
  void missingTlsFileIsDescribed(CapturedOutput output, @TempDir Path dir) {
    String missing = "file:" + dir.resolve("tls.crt");
    SpringApplicationBuilder application = application(
        "server.ssl.certificate=" + missing,
        "server.ssl.certificate-private-key=file:" + dir.resolve("tls.key"));

    assertThatThrownBy(() -> application.run(RANDOM_PORT)).isInstanceOf(Exception.class);

    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("The crik webhook cannot start: server.ssl.certificate=" + missing + ": the file does not exist.")
        .doesNotContain("Application run failed");
  }
}
