package io.crik.webhook.mutation;

import java.util.Map;
import java.util.Optional;

/**
 * Labels of a pod's namespace as far as the webhook has them. {@code labels} is empty and {@code known} false
 * when no Kubernetes API is configured or the namespace is not in the cache yet.
 */
public record NamespaceInfo(String name, Map<String, String> labels, boolean known) {

  public NamespaceInfo {
    labels = Map.copyOf(labels);
  }

  public static NamespaceInfo known(String name, Map<String, String> labels) {
    return new NamespaceInfo(name, labels == null ? Map.of() : labels, true);
  }

  public static NamespaceInfo unknown(String name) {
    return new NamespaceInfo(name, Map.of(), false);
  }

  public Optional<String> label(String key) {
    return Optional.ofNullable(labels.get(key));
  }
}
