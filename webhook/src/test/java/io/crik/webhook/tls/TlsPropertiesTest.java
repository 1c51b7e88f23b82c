package io.crik.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The durations of the self-managed TLS mode bind as the README documents. */
class TlsPropertiesTest {

  private static TlsProperties.SelfManaged bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("crik.webhook.tls", TlsProperties.class).getSelfManaged();
  }

  @Test
  void defaults() {
    TlsProperties.SelfManaged properties = bind(Map.of());

    assertThat(properties.getCaValidity()).isEqualTo(Duration.ofDays(3650));
    assertThat(properties.getCertificateValidity()).isEqualTo(Duration.ofDays(365));
    assertThat(properties.getCaRolloverDelay()).isEqualTo(Duration.ofHours(1));
    assertThat(properties.getCheckInterval()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void durationWithoutUnitIsSeconds() {
    TlsProperties.SelfManaged properties = bind(Map.of(
        "crik.webhook.tls.self-managed.ca-validity", "86400",
        "crik.webhook.tls.self-managed.certificate-validity", "3600",
        "crik.webhook.tls.self-managed.ca-rollover-delay", "120",
        "crik.webhook.tls.self-managed.check-interval", "30"));

    assertThat(properties.getCaValidity()).isEqualTo(Duration.ofDays(1));
    assertThat(properties.getCertificateValidity()).isEqualTo(Duration.ofHours(1));
    assertThat(properties.getCaRolloverDelay()).isEqualTo(Duration.ofMinutes(2));
    assertThat(properties.getCheckInterval()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void durationWithUnitKeepsUnit() {
    TlsProperties.SelfManaged properties = bind(Map.of(
        "crik.webhook.tls.self-managed.certificate-validity", "90d",
        "crik.webhook.tls.self-managed.check-interval", "2m"));

    assertThat(properties.getCertificateValidity()).isEqualTo(Duration.ofDays(90));
    assertThat(properties.getCheckInterval()).isEqualTo(Duration.ofMinutes(2));
  }
}
