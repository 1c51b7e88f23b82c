package io.crik.webhook.node;

import io.crik.webhook.config.InvalidConfigurationException;
import io.crik.webhook.config.WebhookProperties;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the node-state service from {@link NodeStateProperties}. */
@Configuration(proxyBeanMethods = false)
public class NodeStateConfiguration {

  private static final Logger log = LoggerFactory.getLogger(NodeStateConfiguration.class);

  @Bean
  NodeStateLookup nodeStateLookup(NodeStateProperties properties, WebhookProperties webhook,
      ObjectProvider<KubernetesClient> client, Clock clock) {
    checkNodeStateUrl(webhook.getNodeStateUrl());
    if (!properties.isEnabled()) {
      log.info("Node state is disabled (crik.webhook.node-state.enabled=false): GET /nodes/{name} responds with 503");
      return new UnavailableNodeState(UnavailableNodeState.DISABLED);
    }
    KubernetesClient available = client.getIfAvailable();
    if (available == null) {
      log.warn("No Kubernetes API is configured: node state is unavailable, GET /nodes/{name} responds with"
          + " 503 and wrappers fall back to CRIK_NODE_STATE_UNKNOWN");
      return new UnavailableNodeState(UnavailableNodeState.NO_CLUSTER);
    }
    return new NodeStateCache(available, properties.rules(), properties.getDeletedNodeRetention(), clock);
  }

  /**
   * Checks the URL that injected wrappers receive as CRIK_NODE_STATE_URL. The wrapper refuses to
   * start with an invalid one, so an invalid value stops the webhook instead of every wrapped pod.
   */
  static void checkNodeStateUrl(String url) {
    if (url == null || url.isBlank()) {
      log.warn("crik.webhook.node-state-url is empty: injected wrappers cannot request node state and follow their"
          + " CRIK_NODE_STATE_UNKNOWN setting; set it to this service's plain-HTTP URL, such as"
          + " http://<service>.<namespace>.svc:8080");
      return;
    }
    try {
      URI uri = new URI(url.strip());
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getRawQuery() == null && uri.getRawFragment() == null) {
        return;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new InvalidConfigurationException("crik.webhook.node-state-url", "crik.webhook.node-state-url=" + url
        + " is invalid, and wrappers would refuse to start with it", "set an http:// or https:// base URL without"
        + " query, such as http://<service>.<namespace>.svc:8080, or leave it empty");
  }

  @Bean
  NodeStateMetrics nodeStateMetrics(MeterRegistry meters, NodeStateLookup lookup) {
    return new NodeStateMetrics(meters, lookup);
  }

  @Bean
  NodeStateHealthIndicator nodeStateCacheHealthIndicator(NodeStateLookup lookup) {
    return new NodeStateHealthIndicator(lookup);
  }
}
