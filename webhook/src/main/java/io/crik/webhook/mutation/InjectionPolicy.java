package io.crik.webhook.mutation;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a pod is injected, skipped or refused, from the pod and its namespace alone.
 * The checks that need a container's image config follow in {@link PodMutator}.
 */
final class InjectionPolicy {

  private static final Set<String> PRIVILEGED_LEVELS = Set.of("privileged");
  private static final String OS_LABEL = "kubernetes.io/os";

  private final MutationSettings settings;
  private final CheckpointKeyResolver keyResolver = new CheckpointKeyResolver();

  InjectionPolicy(MutationSettings settings) {
    this.settings = settings;
  }

  InjectionPlan plan(Pod pod, NamespaceInfo namespace) {
    Map<String, String> annotations = orEmpty(pod.getMetadata().getAnnotations());
    String podName = PodIdentity.displayName(pod, namespace.name());
    List<String> warnings = new ArrayList<>();

    if (settings.isExcluded(namespace.name())) {
      return skip(SkipReason.EXCLUDED_NAMESPACE, warnings);
    }
    if (annotations.containsKey(CrikAnnotations.MIRROR_POD)) {
      return skip(SkipReason.MIRROR_POD, warnings);
    }
    if (isInjected(pod, annotations)) {
      return skip(SkipReason.ALREADY_INJECTED, warnings);
    }

    String enabled = annotations.get(CrikAnnotations.ENABLED);
    if (enabled != null && !enabled.equals("true") && !enabled.equals("false")) {
      return refuse(RefusalReason.INVALID_ANNOTATION, "pod " + podName + ": invalid " + CrikAnnotations.ENABLED
          + " \"" + enabled + "\": use \"true\" to opt in or \"false\" to opt out", true, warnings);
    }
    if ("false".equals(enabled)) {
      return skip(SkipReason.OPTED_OUT, warnings);
    }
    boolean explicit = "true".equals(enabled);
    if (!explicit) {
      if (!namespace.known()) {
        warnings.add("the labels of namespace \"" + namespace.name() + "\" are unknown to the webhook (no "
            + "Kubernetes API, or the namespace is not cached yet), so namespace-level opt-in was not applied");
        return skip(SkipReason.NOT_OPTED_IN, warnings);
      }
      if (!"true".equals(namespace.labels().get(CrikAnnotations.NAMESPACE_LABEL))) {
        return skip(SkipReason.NOT_OPTED_IN, warnings);
      }
    }

    PodAnnotations parsed;
    try {
      parsed = PodAnnotations.parse(annotations);
    } catch (InvalidAnnotationException e) {
      return refuse(RefusalReason.INVALID_ANNOTATION, "pod " + podName + ": " + e.getMessage(), true, warnings);
    }

    Optional<InjectionPlan> podRefusal = checkPod(pod, namespace, podName, explicit, warnings);
    if (podRefusal.isPresent()) {
      return podRefusal.get();
    }

    List<String> targets;
    try {
      targets = targets(pod.getSpec(), parsed.containers(), podName);
    } catch (InvalidAnnotationException e) {
      return refuse(RefusalReason.UNKNOWN_CONTAINER, e.getMessage(), true, warnings);
    }

    Optional<InjectionPlan> containerRefusal = checkContainers(pod, targets, podName, explicit, warnings);
    if (containerRefusal.isPresent()) {
      return containerRefusal.get();
    }

    CheckpointKey key = keyResolver.resolve(pod, podName);
    if (key instanceof CheckpointKey.Invalid invalid) {
      return refuse(RefusalReason.INVALID_ANNOTATION, "pod " + podName + ": " + invalid.message(), true, warnings);
    }
    if (key instanceof CheckpointKey.Missing missing) {
      return refuse(RefusalReason.NO_CHECKPOINT_KEY, missing.message(), explicit, warnings);
    }
    CheckpointKey.Derived derived = (CheckpointKey.Derived) key;
    warnings.addAll(derived.warnings());

    String claim = parsed.checkpointClaim().orElse(settings.defaultCheckpointClaim());
    if (claim.isEmpty()) {
      return refuse(RefusalReason.NO_CHECKPOINT_CLAIM, "pod " + podName + ": no PersistentVolumeClaim for "
          + "checkpoints: set the annotation " + CrikAnnotations.CHECKPOINT_CLAIM + " to a claim in namespace \""
          + namespace.name() + "\", or configure crik.webhook.default-checkpoint-claim", explicit, warnings);
    }

    return new InjectionPlan.Inject(explicit, targets, derived.key(), claim, parsed, warnings);
  }

  private Optional<InjectionPlan> checkPod(Pod pod, NamespaceInfo namespace, String podName, boolean explicit,
      List<String> warnings) {
    PodSpec spec = pod.getSpec();
    if (isWindows(spec)) {
      return Optional.of(refuse(RefusalReason.WINDOWS, "pod " + podName + " runs on Windows, where CRIU does not "
          + "exist: remove " + CrikAnnotations.ENABLED + " from Windows pods", explicit, warnings));
    }
    if (Boolean.TRUE.equals(spec.getHostPID())) {
      return Optional.of(refuse(RefusalReason.HOST_PID, "pod " + podName + " sets hostPID: true, so its processes "
          + "cannot be checkpointed apart from the node's: set hostPID: false, or opt the pod out with "
          + CrikAnnotations.ENABLED + ": \"false\"", explicit, warnings));
    }
    if (Boolean.TRUE.equals(spec.getShareProcessNamespace())) {
      return Optional.of(refuse(RefusalReason.SHARE_PROCESS_NAMESPACE, "pod " + podName + " sets "
          + "shareProcessNamespace: true, so the wrapper cannot run as its container's PID 1: set "
          + "shareProcessNamespace: false, or opt the pod out with " + CrikAnnotations.ENABLED + ": \"false\"",
          explicit, warnings));
    }

    if (!namespace.known()) {
      // PodMutator warns about the unchecked level, but only on a pod that it injects.
      return Optional.empty();
    }
    Optional<String> level = namespace.label(CrikAnnotations.POD_SECURITY_ENFORCE);
    if (level.isPresent() && !PRIVILEGED_LEVELS.contains(level.get())) {
      return Optional.of(refuse(RefusalReason.POD_SECURITY, "pod " + podName + ": namespace \"" + namespace.name()
          + "\" enforces the PodSecurity level \"" + level.get() + "\", which forbids the capabilities "
          + String.join(", ", settings.capabilities()) + " and the Unconfined seccomp profile that checkpointing "
          + "needs: label the namespace " + CrikAnnotations.POD_SECURITY_ENFORCE + "=privileged, or opt the pod out",
          explicit, warnings));
    }
    return Optional.empty();
  }

  private Optional<InjectionPlan> checkContainers(Pod pod, List<String> targets, String podName, boolean explicit,
      List<String> warnings) {
    PodSpec spec = pod.getSpec();
    for (Volume volume : orEmpty(spec.getVolumes())) {
      if (volume.getName().equals(WrapperLayout.BUNDLE_VOLUME) || volume.getName().equals(WrapperLayout.CHECKPOINT_VOLUME)) {
        // A volume belongs to the pod, so leaving a container out with crik.io/containers cannot help.
        return Optional.of(refuse(RefusalReason.NAME_CONFLICT, "pod " + podName + ": a volume is named \""
            + volume.getName() + "\", which crik needs for its own volume: rename that volume and every"
            + " volumeMount that refers to it", explicit, warnings));
      }
    }
    List<NonRootContainers.Finding> nonRoot = new ArrayList<>();
    for (Container container : spec.getContainers()) {
      if (!targets.contains(container.getName())) {
        continue;
      }
      for (VolumeMount mount : orEmpty(container.getVolumeMounts())) {
        String path = trimTrailingSlash(mount.getMountPath());
        if (path.equals(WrapperLayout.BUNDLE_PATH) || path.equals(WrapperLayout.CHECKPOINT_PATH)) {
          return Optional.of(refuse(RefusalReason.NAME_CONFLICT, "pod " + podName + ", container \""
              + container.getName() + "\": volume \"" + mount.getName() + "\" is mounted at " + path + ", where crik"
              + " mounts its own volume: mount it at another path" + leaveOutOption(spec), explicit, warnings));
        }
      }
      NonRootContainers.fromSecurityContext(container, spec.getSecurityContext()).ifPresent(nonRoot::add);
    }
    if (!nonRoot.isEmpty()) {
      return Optional.of(refuse(RefusalReason.NON_ROOT, NonRootContainers.denialMessage(podName, nonRoot, spec), explicit,
          warnings));
    }
    return Optional.empty();
  }

  private static List<String> targets(PodSpec spec, List<String> requested, String podName)
      throws InvalidAnnotationException {
    List<String> regular = spec.getContainers().stream().map(Container::getName).toList();
    if (requested.isEmpty()) {
      return regular;
    }
    for (String name : requested) {
      if (!regular.contains(name)) {
        boolean isInit = orEmpty(spec.getInitContainers()).stream().anyMatch(c -> c.getName().equals(name));
        throw new InvalidAnnotationException("pod " + podName + ": " + CrikAnnotations.CONTAINERS + " names \"" + name
            + "\", which is " + (isInit ? "an init container; only regular containers can be wrapped"
                : "not a container of the pod") + "; the regular containers are " + String.join(", ", regular));
      }
    }
    return regular.stream().filter(requested::contains).toList();
  }

  private static boolean isInjected(Pod pod, Map<String, String> annotations) {
    if (annotations.containsKey(CrikAnnotations.INJECTED)) {
      return true;
    }
    return orEmpty(pod.getSpec().getInitContainers()).stream()
        .anyMatch(container -> WrapperLayout.INIT_CONTAINER.equals(container.getName()));
  }

  private static boolean isWindows(PodSpec spec) {
    if (spec.getOs() != null && "windows".equals(spec.getOs().getName())) {
      return true;
    }
    return spec.getNodeSelector() != null && "windows".equals(spec.getNodeSelector().get(OS_LABEL));
  }

  /**
   * Returns the option of leaving a container out with crik.io/containers, as a clause to append
   * to a refusal, or an empty string when the pod has no other regular container left to wrap.
   */
  private static String leaveOutOption(PodSpec spec) {
    if (spec.getContainers().size() < 2) {
      return "";
    }
    return ", or leave the container out with " + CrikAnnotations.CONTAINERS + " and wrap only the other ones";
  }

  private static InjectionPlan skip(SkipReason reason, List<String> warnings) {
    return new InjectionPlan.Done(new MutationResult.Skipped(reason, warnings));
  }

  private static InjectionPlan refuse(RefusalReason reason, String message, boolean explicit, List<String> warnings) {
    return new InjectionPlan.Done(new MutationResult.Refused(reason, message, explicit, warnings));
  }

  private static String trimTrailingSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
