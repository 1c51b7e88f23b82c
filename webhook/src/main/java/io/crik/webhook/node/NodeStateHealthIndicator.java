package io.crik.webhook.node;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the node cache: up once the informer has listed the Nodes, down before, and up with
 * {@code available: false} when node state is unavailable (no Kubernetes API, or disabled).
 */
final class NodeStateHealthIndicator implements HealthIndicator {

  private final NodeStateLookup lookup;

  NodeStateHealthIndicator(NodeStateLookup lookup) {
    this.lookup = lookup;
  }

  @Override
  public Health health() {
    if (lookup instanceof UnavailableNodeState unavailable) {
      return Health.up().withDetail("available", false).withDetail("reason", unavailable.reason()).build();
    }
    if (!(lookup instanceof NodeStateCache cache)) {
      return Health.unknown().build();
    }
    if (!cache.synced()) {
      return Health.down().withDetail("available", true).withDetail("synced", false).build();
    }
    return Health.up().withDetail("available", true).withDetail("synced", true).withDetail("nodes", cache.size())
        .withDetail("goingAway", cache.goingAway()).build();
  }
}
