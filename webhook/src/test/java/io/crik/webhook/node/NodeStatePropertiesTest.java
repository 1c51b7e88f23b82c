package io.crik.webhook.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crik.webhook.config.WebhookProperties;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The property names and value forms the README documents bind as documented. */
class NodeStatePropertiesTest {

  private static NodeStateProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("crik.webhook.node-state", NodeStateProperties.class);
  }

  @Test
  void defaults() {
    NodeStateProperties properties = bind(Map.of());

    assertThat(properties.isEnabled()).isTrue();
    assertThat(properties.getDisruptionTaints()).containsExactlyElementsOf(NodeStateProperties.DEFAULT_DISRUPTION_TAINTS);
    assertThat(properties.getExtraDisruptionTaints()).isEmpty();
    assertThat(properties.isCordonedIsGoingAway()).isFalse();
    assertThat(properties.getDeletedNodeRetention()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void documentedForms() {
    NodeStateProperties properties = bind(Map.of(
        "crik.webhook.node-state.enabled", "false",
        "crik.webhook.node-state.extra-disruption-taints", "example.com/reclaim, example.com/drain",
        "crik.webhook.node-state.cordoned-is-going-away", "true",
        "crik.webhook.node-state.deleted-node-retention", "30s"));

    assertThat(properties.isEnabled()).isFalse();
    assertThat(properties.isCordonedIsGoingAway()).isTrue();
    assertThat(properties.getDeletedNodeRetention()).isEqualTo(Duration.ofSeconds(30));
    assertThat(properties.rules().disruptionTaints()).contains("example.com/reclaim", "example.com/drain",
        "karpenter.sh/disrupted");
    assertThat(properties.rules().cordonedIsGoingAway()).isTrue();
  }

  @Test
  void retentionWithoutUnitIsSeconds() {
    assertThat(bind(Map.of("crik.webhook.node-state.deleted-node-retention", "600")).getDeletedNodeRetention())
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(bind(Map.of("crik.webhook.node-state.deleted-node-retention", "2m")).getDeletedNodeRetention())
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void disruptionTaintsReplaceDefaults() {
    NodeStateProperties properties = bind(Map.of("crik.webhook.node-state.disruption-taints", "example.com/only"));

    assertThat(properties.rules().disruptionTaints()).containsExactly("example.com/only");
  }

  @Test
  void disabledServiceIsUnavailable() {
    NodeStateProperties properties = bind(Map.of("crik.webhook.node-state.enabled", "false"));
    StaticListableBeanFactory beans = new StaticListableBeanFactory();

    NodeStateLookup lookup = new NodeStateConfiguration().nodeStateLookup(properties, new WebhookProperties(),
        beans.getBeanProvider(KubernetesClient.class), Clock.systemUTC());

    NodeStateAnswer answer = lookup.lookup("worker-1");
    assertThat(answer.kind()).isEqualTo(NodeStateAnswer.Kind.UNAVAILABLE);
    assertThat(answer.message()).contains("crik.webhook.node-state.enabled is false");
  }

  @Test
  void nodeStateUrlFormsAreChecked() {
    for (String valid : List.of("", "http://crik-webhook.crik-system.svc:8080", "https://crik-webhook.crik-system.svc/",
        "http://127.0.0.1:8080/crik")) {
      assertThatCode(() -> NodeStateConfiguration.checkNodeStateUrl(valid)).as(valid).doesNotThrowAnyException();
    }
    for (String invalid : List.of("crik-webhook:8080", "ftp://crik-webhook/", "http://crik-webhook:8080/?node=x",
        "http:///nodes", "http://bad host/")) {
      assertThatThrownBy(() -> NodeStateConfiguration.checkNodeStateUrl(invalid)).as(invalid)
          .hasMessageContaining("crik.webhook.node-state-url=" + invalid + " is invalid");
    }
  }
}
