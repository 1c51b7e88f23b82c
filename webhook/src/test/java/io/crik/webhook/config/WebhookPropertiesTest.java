package io.crik.webhook.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.webhook.admission.FailureMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/** The property names and value forms the README documents bind as documented. */
class WebhookPropertiesTest {

  private static WebhookProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("crik.webhook", WebhookProperties.class);
  }

  @Test
  void defaults() {
    WebhookProperties properties = bind(Map.of());

    assertThat(properties.getOwnNamespace()).isEqualTo("crik-system");
    assertThat(properties.getCapabilities()).containsExactly("SYS_ADMIN", "SYS_PTRACE", "NET_ADMIN", "SYS_TIME");
    assertThat(properties.getFailureMode()).isEqualTo(FailureMode.DENY_EXPLICIT);
    assertThat(properties.getNodeStateUrl()).isEmpty();
    assertThat(properties.getDefaultCheckpointClaim()).isEmpty();
    assertThat(properties.getTerminationGracePeriodFloor()).isEqualTo(Duration.ofSeconds(30));
    assertThat(properties.getMaxRequestSize()).isEqualTo(DataSize.ofMegabytes(3));
    assertThat(properties.getPlainPort()).isEqualTo(8080);
    assertThat(properties.getInitContainer().getRequests()).isEqualTo(Map.of("cpu", "10m", "memory", "32Mi"));
    assertThat(properties.getInitContainer().getLimits()).isEqualTo(Map.of("memory", "128Mi"));
    assertThat(properties.getRegistry().isEnabled()).isTrue();
    assertThat(properties.getRegistry().isUsePullSecrets()).isFalse();
    assertThat(properties.getRegistry().getLookupTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(properties.getRegistry().getDefaultPlatform()).isEqualTo("linux/amd64");
    assertThat(properties.getRegistry().getEndpoints()).isEmpty();
    assertThat(properties.getKubernetes().getEnabled()).isNull();
    assertThat(properties.getEvents().getMinInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void documentedForms() {
    WebhookProperties properties = bind(Map.of(
        "crik.webhook.failure-mode", "deny-explicit",
        "crik.webhook.capabilities", "SYS_ADMIN,SYS_PTRACE",
        "crik.webhook.init-container.requests.cpu", "50m",
        "crik.webhook.images[0].image", "redis:7",
        "crik.webhook.images[0].entrypoint", "docker-entrypoint.sh",
        "crik.webhook.images[0].cmd", "redis-server,--save,",
        "crik.webhook.registry.endpoints[0].registry", "docker.io",
        "crik.webhook.registry.endpoints[0].url", "https://mirror.example/",
        "crik.webhook.termination-grace-period-floor", "90s"));

    assertThat(properties.getFailureMode()).isEqualTo(FailureMode.DENY_EXPLICIT);
    assertThat(properties.getCapabilities()).containsExactly("SYS_ADMIN", "SYS_PTRACE");
    assertThat(properties.getInitContainer().getRequests()).containsEntry("cpu", "50m");
    assertThat(properties.getImages().get(0).getImage()).isEqualTo("redis:7");
    assertThat(properties.getImages().get(0).getCmd()).isEqualTo(List.of("redis-server", "--save", ""));
    assertThat(properties.getRegistry().getEndpoints().get(0).getUrl().toString()).isEqualTo("https://mirror.example/");
    assertThat(properties.getTerminationGracePeriodFloor()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void durationWithoutUnitIsSeconds() {
    WebhookProperties properties = bind(Map.of(
        "crik.webhook.termination-grace-period-floor", "30",
        "crik.webhook.registry.connect-timeout", "1",
        "crik.webhook.registry.request-timeout", "3",
        "crik.webhook.registry.lookup-timeout", "6",
        "crik.webhook.registry.tag-ttl", "120",
        "crik.webhook.events.min-interval", "90"));

    assertThat(properties.getTerminationGracePeriodFloor()).isEqualTo(Duration.ofSeconds(30));
    assertThat(properties.getRegistry().getConnectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(properties.getRegistry().getRequestTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(properties.getRegistry().getLookupTimeout()).isEqualTo(Duration.ofSeconds(6));
    assertThat(properties.getRegistry().getTagTtl()).isEqualTo(Duration.ofMinutes(2));
    assertThat(properties.getEvents().getMinInterval()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void durationWithUnitKeepsUnit() {
    WebhookProperties properties = bind(Map.of(
        "crik.webhook.termination-grace-period-floor", "30s",
        "crik.webhook.registry.lookup-timeout", "2m",
        "crik.webhook.registry.connect-timeout", "500ms"));

    assertThat(properties.getTerminationGracePeriodFloor()).isEqualTo(Duration.ofSeconds(30));
    assertThat(properties.getRegistry().getLookupTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(properties.getRegistry().getConnectTimeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void failureModeValues() {
    assertThat(bind(Map.of("crik.webhook.failure-mode", "admit")).getFailureMode()).isEqualTo(FailureMode.ADMIT);
    assertThat(bind(Map.of("crik.webhook.failure-mode", "deny")).getFailureMode()).isEqualTo(FailureMode.DENY);
  }
}
