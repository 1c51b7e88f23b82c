package io.crik.webhook.config;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the webhook should talk to a Kubernetes API: {@code crik.webhook.kubernetes.enabled}
 * decides when set; otherwise it matches inside a pod (KUBERNETES_SERVICE_HOST is set) or when a
 * kubeconfig file exists (KUBECONFIG, or ~/.kube/config).
 */
final class ClusterConfiguredCondition extends SpringBootCondition {

  static final String PROPERTY = "crik.webhook.kubernetes.enabled";

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    Boolean configured = context.getEnvironment().getProperty(PROPERTY, Boolean.class);
    if (configured != null) {
      return new ConditionOutcome(configured, PROPERTY + "=" + configured);
    }
    String serviceHost = System.getenv("KUBERNETES_SERVICE_HOST");
    if (serviceHost != null && !serviceHost.isEmpty()) {
      return ConditionOutcome.match("running in a pod (KUBERNETES_SERVICE_HOST is set)");
    }
    String kubeconfig = System.getenv("KUBECONFIG");
    Path file = kubeconfig != null && !kubeconfig.isEmpty()
        ? Path.of(kubeconfig.split(java.io.File.pathSeparator)[0])
        : Path.of(System.getProperty("user.home"), ".kube", "config");
    if (Files.isRegularFile(file)) {
      return ConditionOutcome.match("kubeconfig " + file + " exists");
    }
    return ConditionOutcome.noMatch("no KUBERNETES_SERVICE_HOST and no kubeconfig at " + file);
  }
}
