package io.crik.webhook.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crik.webhook.WebhookApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

class TlsRequiredTest {

  @Test
  void startWithoutTlsFails() {
    SpringApplicationBuilder application = new SpringApplicationBuilder(WebhookApplication.class)
        .properties("server.port=0", "crik.webhook.plain-port=0", "crik.webhook.kubernetes.enabled=false");

    assertThatThrownBy(application::run)
        .rootCause()
        .hasMessageStartingWith("TLS is not configured, but the admission endpoint is served over HTTPS only; "
            + "set server.ssl.certificate and server.ssl.certificate-private-key");
  }
}
