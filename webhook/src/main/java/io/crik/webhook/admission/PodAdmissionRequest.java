package io.crik.webhook.admission;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * The parts of an AdmissionReview request the webhook uses.
 *
 * @param pod the pod to admit; null unless {@link #isPodCreate()}
 * @param subResource empty for the pod itself
 */
public record PodAdmissionRequest(String uid, String operation, String namespace, String subResource, boolean dryRun,
    Pod pod) {

  public boolean isPodCreate() {
    return "CREATE".equals(operation) && subResource.isEmpty();
  }
}
