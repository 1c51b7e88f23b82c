package io.crik.webhook.admission;

import io.crik.webhook.kubernetes.AdmissionEvent;
import io.crik.webhook.kubernetes.AdmissionEventRecorder;
import io.crik.webhook.mutation.MutationResult;
import io.crik.webhook.mutation.PodIdentity;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/**
 * Turns admission decisions into Events on the pod's owner, where users look when pods behave
 * unexpectedly: injected, denied, and skipped because the pod could not be injected. Plain skips
 * (not opted in, excluded namespace) produce no event.
 */
final class AdmissionEventReporter {

  private final AdmissionEventRecorder recorder;

  AdmissionEventReporter(AdmissionEventRecorder recorder) {
    this.recorder = recorder;
  }

  void report(String namespace, Pod pod, AdmissionVerdict verdict, MutationResult result) {
    String reason;
    String type;
    String message;
    if (result instanceof MutationResult.Injected injected) {
      reason = "CrikInjected";
      type = "Normal";
      message = "crik injected its wrapper into container(s) " + String.join(", ", injected.containers())
          + " with checkpoint key " + injected.checkpointKey();
    } else if (result instanceof MutationResult.Refused refused) {
      reason = verdict.allowed() ? "CrikSkipped" : "CrikDenied";
      type = "Warning";
      message = (verdict.allowed() ? "crik did not inject the pod: " : "crik denied the pod: ") + refused.message();
    } else {
      return;
    }

    ObjectReference involved = involvedObject(namespace, pod);
    String key = namespace + "/" + involved.getKind() + "/" + involved.getName() + "/" + reason + "/" + verdict.reason();
    recorder.record(new AdmissionEvent(namespace, involved, reason, type, message, key));
  }

  private static ObjectReference involvedObject(String namespace, Pod pod) {
    Optional<OwnerReference> owner = PodIdentity.owner(pod);
    if (owner.isPresent()) {
      return new ObjectReferenceBuilder()
          .withApiVersion(owner.get().getApiVersion())
          .withKind(owner.get().getKind())
          .withName(owner.get().getName())
          .withUid(owner.get().getUid())
          .withNamespace(namespace)
          .build();
    }
    String name = pod.getMetadata().getName() != null && !pod.getMetadata().getName().isEmpty()
        ? pod.getMetadata().getName() : pod.getMetadata().getGenerateName();
    return new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod").withName(name).withNamespace(namespace).build();
  }
}
