package io.crik.webhook.tls;

import static io.crik.webhook.testing.TestPorts.RANDOM_PORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crik.webhook.WebhookApplication;
import io.crik.webhook.testing.TestCertificates;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;

class SelfManagedTlsStartupTest {

  @ParameterizedTest
  @ValueSource(strings = {"self-managed", "SELF_MANAGED", "selfManaged"})
  void withoutClusterFails(String mode) {
    SpringApplicationBuilder application = new SpringApplicationBuilder(WebhookApplication.class).properties(
        "crik.webhook.plain-port=0", "crik.webhook.kubernetes.enabled=false",
        "crik.webhook.tls.mode=" + mode);

    assertThatThrownBy(() -> application.run(RANDOM_PORT))
        .rootCause()
        .hasMessageStartingWith("crik.webhook.tls.mode is self-managed, which keeps the certificate in a Secret, "
            + "but no Kubernetes API is configured");
  }

  @ParameterizedTest
  @ValueSource(strings = {"server-ssl", "SERVER_SSL"})
  void serverSslModeUsesServerSslProperties(String mode) {
    TestCertificates certificates = TestCertificates.create();
    SpringApplicationBuilder application = new SpringApplicationBuilder(WebhookApplication.class).properties(
        "crik.webhook.plain-port=0", "crik.webhook.kubernetes.enabled=false",
        "crik.webhook.tls.mode=" + mode,
        "server.ssl.certificate=" + certificates.certificateLocation(),
        "server.ssl.certificate-private-key=" + certificates.privateKeyLocation());

    try (var context = application.run(RANDOM_PORT)) {
      assertThat(context.getBeansOfType(ServingCertificateRenewer.class)).isEmpty();
    }
  }
}
