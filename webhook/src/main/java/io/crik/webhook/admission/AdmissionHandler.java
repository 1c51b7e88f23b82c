package io.crik.webhook.admission;

import io.crik.webhook.image.CredentialsSource;
import io.crik.webhook.image.ImageEntrypointResolver;
import io.crik.webhook.image.ImageLookup;
import io.crik.webhook.image.Platform;
import io.crik.webhook.image.PodPlatform;
import io.crik.webhook.kubernetes.AdmissionEventRecorder;
import io.crik.webhook.kubernetes.NamespaceLookup;
import io.crik.webhook.kubernetes.PullSecretCredentials;
import io.crik.webhook.mutation.CrikAnnotations;
import io.crik.webhook.mutation.MutationResult;
import io.crik.webhook.mutation.NamespaceInfo;
import io.crik.webhook.mutation.PodIdentity;
import io.crik.webhook.mutation.PodMutator;
import io.crik.webhook.mutation.RefusalReason;
import io.crik.webhook.mutation.SkipReason;
import io.crik.webhook.patch.PodPatch;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;

/**
 * Decides one pod admission: looks up the namespace and the images the mutation needs, runs the
 * pure {@link PodMutator}, diffs the result into a patch, and records the decision in metrics,
 * one log line and, unless the request is a dry run, a Kubernetes Event.
 */
public final class AdmissionHandler {

  private static final Logger log = LoggerFactory.getLogger(AdmissionHandler.class);

  /** Collaborators and settings of the handler. */
  public record Dependencies(PodMutator mutator, ImageEntrypointResolver images, NamespaceLookup namespaces,
      PullSecretCredentials pullSecrets, AdmissionEventRecorder events, PodPatch patch, AdmissionMetrics metrics,
      FailureMode failureMode, Platform defaultPlatform, Duration lookupTimeout) {}

  private final Dependencies dependencies;
  private final AdmissionEventReporter eventReporter;

  public AdmissionHandler(Dependencies dependencies) {
    this.dependencies = dependencies;
    this.eventReporter = new AdmissionEventReporter(dependencies.events());
  }

  public AdmissionVerdict handle(PodAdmissionRequest request) {
    long started = System.nanoTime();
    if (!request.isPodCreate()) {
      AdmissionVerdict verdict = AdmissionVerdict.of(new MutationResult.Skipped(SkipReason.NOT_A_POD_CREATE, List.of()),
          null, dependencies.failureMode());
      finish(request, verdict, null, started);
      return verdict;
    }

    Pod pod = request.pod();
    MutationResult result;
    AdmissionVerdict verdict;
    try {
      NamespaceInfo namespace = dependencies.namespaces().lookup(request.namespace());
      Map<String, ImageLookup> images = resolveImages(pod, namespace, request.namespace());
      result = dependencies.mutator().mutate(pod, namespace, images);
      ArrayNode patch = result instanceof MutationResult.Injected injected
          ? dependencies.patch().diff(pod, injected.pod()) : null;
      verdict = AdmissionVerdict.of(result, patch, dependencies.failureMode());
    } catch (RuntimeException e) {
      log.error("Admission of pod {} failed unexpectedly (uid {})", PodIdentity.displayName(pod, request.namespace()),
          request.uid(), e);
      boolean explicit = "true".equals(annotation(pod, CrikAnnotations.ENABLED));
      result = new MutationResult.Refused(RefusalReason.INTERNAL_ERROR, "pod "
          + PodIdentity.displayName(pod, request.namespace()) + ": the webhook failed with " + e.getClass().getSimpleName()
          + "; see the webhook's log for admission uid " + request.uid(), explicit, List.of());
      verdict = AdmissionVerdict.of(result, null, dependencies.failureMode());
    }

    finish(request, verdict, result, started);
    return verdict;
  }

  private Map<String, ImageLookup> resolveImages(Pod pod, NamespaceInfo namespace, String namespaceName) {
    List<PodMutator.ImageRequest> requests = dependencies.mutator().imagesToResolve(pod, namespace);
    if (requests.isEmpty()) {
      return Map.of();
    }
    Platform platform = PodPlatform.of(pod, dependencies.defaultPlatform());
    CredentialsSource credentials = credentials(pod, namespaceName);
    Instant deadline = Instant.now().plus(dependencies.lookupTimeout());

    Map<String, ImageLookup> lookups = new HashMap<>();
    for (PodMutator.ImageRequest request : requests) {
      lookups.put(request.container(), dependencies.images().resolve(request.image(), platform, credentials, deadline));
    }
    return lookups;
  }

  private CredentialsSource credentials(Pod pod, String namespace) {
    if (dependencies.pullSecrets() == null || pod.getSpec().getImagePullSecrets() == null) {
      return CredentialsSource.NONE;
    }
    List<String> names = pod.getSpec().getImagePullSecrets().stream()
        .map(LocalObjectReference::getName).filter(Objects::nonNull).toList();
    return dependencies.pullSecrets().forPod(namespace, names);
  }

  private void finish(PodAdmissionRequest request, AdmissionVerdict verdict, MutationResult result, long started) {
    Duration duration = Duration.ofNanos(System.nanoTime() - started);
    dependencies.metrics().record(verdict.result(), verdict.reason(), duration);
    logDecision(request, verdict, result, duration);
    if (!request.dryRun() && request.pod() != null) {
      eventReporter.report(request.namespace(), request.pod(), verdict, result);
    }
  }

  private static void logDecision(PodAdmissionRequest request, AdmissionVerdict verdict, MutationResult result,
      Duration duration) {
    Pod pod = request.pod();
    String podName = pod == null ? "-" : PodIdentity.displayName(pod, request.namespace());
    String owner = pod == null ? "-" : PodIdentity.ownerName(pod);
    String detail = "";
    if (result instanceof MutationResult.Injected injected) {
      detail = " containers=" + String.join(",", injected.containers()) + " key=" + injected.checkpointKey();
    } else if (result instanceof MutationResult.Refused refused) {
      detail = " message=\"" + refused.message() + "\"";
    }
    log.info("admission decision={} reason={} namespace={} pod={} owner={} operation={} dryRun={} uid={} "
            + "durationMs={}{}", verdict.result(), verdict.reason(), request.namespace(), podName, owner,
        request.operation(), request.dryRun(), request.uid(), String.format("%.2f", duration.toNanos() / 1e6), detail);
  }

  private static String annotation(Pod pod, String key) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
