package io.crik.webhook.mutation;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/** Names of a pod and its owner as messages, logs and events show them. */
public final class PodIdentity {

  private PodIdentity() {}

  /**
   * Returns {@code namespace/name}, or {@code namespace/generateName*} for a pod that gets its name
   * only after admission.
   */
  public static String displayName(Pod pod, String namespace) {
    String name = pod.getMetadata() == null ? null : pod.getMetadata().getName();
    if (name == null || name.isEmpty()) {
      String generateName = pod.getMetadata() == null ? null : pod.getMetadata().getGenerateName();
      name = generateName == null || generateName.isEmpty() ? "(unnamed)" : generateName + "*";
    }
    return namespace + "/" + name;
  }

  /** Returns the controlling owner reference, or the first one when none is marked controller. */
  public static Optional<OwnerReference> owner(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata() == null ? null : pod.getMetadata().getOwnerReferences();
    if (owners == null || owners.isEmpty()) {
      return Optional.empty();
    }
    return owners.stream().filter(owner -> Boolean.TRUE.equals(owner.getController())).findFirst()
        .or(() -> Optional.of(owners.get(0)));
  }

  /** Returns {@code Kind/name} of the owner, or {@code none}. */
  public static String ownerName(Pod pod) {
    return owner(pod).map(owner -> owner.getKind() + "/" + owner.getName()).orElse("none");
  }
}
