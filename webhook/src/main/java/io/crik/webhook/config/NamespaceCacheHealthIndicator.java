package io.crik.webhook.config;

import io.crik.webhook.kubernetes.NamespaceCache;
import io.crik.webhook.kubernetes.NamespaceLookup;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the namespace cache: up once the informer has listed the namespaces, down before, and
 * up with {@code cluster: false} when the webhook runs without a Kubernetes API.
 */
final class NamespaceCacheHealthIndicator implements HealthIndicator {

  private final NamespaceLookup namespaces;

  NamespaceCacheHealthIndicator(NamespaceLookup namespaces) {
    this.namespaces = namespaces;
  }

  @Override
  public Health health() {
    if (!(namespaces instanceof NamespaceCache cache)) {
      return Health.up().withDetail("cluster", false).build();
    }
    if (!cache.synced()) {
      return Health.down().withDetail("cluster", true).withDetail("synced", false).build();
    }
    return Health.up().withDetail("cluster", true).withDetail("synced", true).withDetail("namespaces", cache.size())
        .build();
  }
}
