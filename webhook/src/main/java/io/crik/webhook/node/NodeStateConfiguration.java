package io.crik.webhook.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
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
  NodeStateLookup nodeStateLookup(NodeStateProperties properties, ObjectProvider<KubernetesClient> client, Clock clock) {
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

  @Bean
  NodeStateMetrics nodeStateMetrics(MeterRegistry meters, NodeStateLookup lookup) {
    return new NodeStateMetrics(meters, lookup);
  }

  @Bean
  NodeStateHealthIndicator nodeStateCacheHealthIndicator(NodeStateLookup lookup) {
    return new NodeStateHealthIndicator(lookup);
  }
}
