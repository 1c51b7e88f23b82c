package io.crik.webhook.mutation;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Configuration of the pod mutation.
 *
 * @param version written into the {@code crik.io/injected} annotation
 * @param wrapperImage image of the {@code crik-install} init container
 * @param wrapperImagePullPolicy pull policy of that init container
 * @param initContainerResources resources of that init container
 * @param defaultCheckpointClaim claim used when a pod has no {@code crik.io/checkpoint-claim};
 *     empty means that the annotation is required
 * @param capabilities capabilities added to every wrapped container
 * @param runtimeDefaultCapabilities capabilities of the container runtime's default set that CRIU
 *     also needs; added back to a wrapped container that drops them or drops {@code ALL}
 * @param terminationGracePeriodFloorSeconds lowest {@code terminationGracePeriodSeconds} of an
 *     injected pod
 * @param nodeStateUrl base URL of the node-state service; empty means unknown
 * @param ownNamespace crik's own namespace, never injected
 * @param excludedNamespaces further namespaces that are never injected
 */
public record MutationSettings(
    String version,
    String wrapperImage,
    String wrapperImagePullPolicy,
    ResourceRequirements initContainerResources,
    String defaultCheckpointClaim,
    List<String> capabilities,
    List<String> runtimeDefaultCapabilities,
    long terminationGracePeriodFloorSeconds,
    String nodeStateUrl,
    String ownNamespace,
    Set<String> excludedNamespaces) {

  /** Namespaces of the Kubernetes control plane, never injected whatever the configuration. */
  public static final Set<String> SYSTEM_NAMESPACES = Set.of("kube-system", "kube-public", "kube-node-lease");

  /** Kubernetes' default {@code terminationGracePeriodSeconds}, for pods that do not set it. */
  public static final long KUBERNETES_DEFAULT_GRACE_PERIOD_SECONDS = 30;

  public MutationSettings {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(wrapperImage, "wrapperImage");
    defaultCheckpointClaim = defaultCheckpointClaim == null ? "" : defaultCheckpointClaim;
    capabilities = List.copyOf(capabilities);
    runtimeDefaultCapabilities = List.copyOf(runtimeDefaultCapabilities);
    nodeStateUrl = nodeStateUrl == null ? "" : nodeStateUrl;
    ownNamespace = ownNamespace == null ? "" : ownNamespace;
    excludedNamespaces = Set.copyOf(excludedNamespaces);
  }

  public boolean isExcluded(String namespace) {
    return SYSTEM_NAMESPACES.contains(namespace)
        || namespace.equals(ownNamespace)
        || excludedNamespaces.contains(namespace);
  }
}
