package io.crik.webhook.config;

import static io.crik.webhook.testing.TestPorts.RANDOM_PORT;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crik.webhook.WebhookApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

class TlsRequiredTest {

  @Test
  void startWithoutTlsFails() {
    SpringApplicationBuilder application = new SpringApplicationBuilder(WebhookApplication.class)
        .properties("crik.webhook.plain-port=0", "crik.webhook.kubernetes.enabled=false");

    assertThatThrownBy(() -> application.run(RANDOM_PORT))
        .rootCause()
        .hasMessageStartingWith("TLS is not configured, but the admission endpoint is served over HTTPS only; "
            + "set server.ssl.certificate and server.ssl.certificate-private-key");
  }
}
