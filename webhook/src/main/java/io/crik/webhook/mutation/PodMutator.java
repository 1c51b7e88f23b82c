package io.crik.webhook.mutation;

import io.crik.webhook.image.ImageConfig;
import io.crik.webhook.image.ImageLookup;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a pod into one that runs its containers under the crik wrapper, or returns the reason it cannot.
 * A pure function of the pod, its namespace, the containers' image configs and the settings: it
 * makes no call to the Kubernetes API or a registry, and never changes the pod it is given.
 *
 * <p>Callers first ask {@link #imagesToResolve} which images need their ENTRYPOINT and CMD, look
 * them up, and pass the results to {@link #mutate}.
 */
public final class PodMutator {

  private final MutationSettings settings;
  private final InjectionPolicy policy;
  private final SecurityContextMerger securityContextMerger;

  public PodMutator(MutationSettings settings) {
    this.settings = settings;
    this.policy = new InjectionPolicy(settings);
    this.securityContextMerger = new SecurityContextMerger(settings.capabilities(), settings.runtimeDefaultCapabilities());
  }

  /** A container whose command is not set, so that its image's config decides what it runs. */
  public record ImageRequest(String container, String image) {}

  public List<ImageRequest> imagesToResolve(Pod pod, NamespaceInfo namespace) {
    if (!(policy.plan(pod, namespace) instanceof InjectionPlan.Inject plan)) {
      return List.of();
    }
    return pod.getSpec().getContainers().stream()
        .filter(container -> plan.targets().contains(container.getName()))
        .filter(ContainerCommand::needsImageConfig)
        .map(container -> new ImageRequest(container.getName(), container.getImage()))
        .toList();
  }

  /**
   * Mutates a copy of the pod.
   *
   * @param images lookups of the containers named by {@link #imagesToResolve}, by container name
   */
  public MutationResult mutate(Pod pod, NamespaceInfo namespace, Map<String, ImageLookup> images) {
    InjectionPlan plan = policy.plan(pod, namespace);
    if (plan instanceof InjectionPlan.Done done) {
      return done.result();
    }
    InjectionPlan.Inject inject = (InjectionPlan.Inject) plan;
    String podName = PodIdentity.displayName(pod, namespace.name());
    List<String> warnings = new ArrayList<>(inject.warnings());

    Map<String, ImageConfig> configs = new HashMap<>();
    List<NonRootContainers.Finding> nonRoot = new ArrayList<>();
    for (Container container : pod.getSpec().getContainers()) {
      if (!inject.targets().contains(container.getName())) {
        continue;
      }
      Optional<MutationResult.Refused> refusal =
          checkImage(container, pod.getSpec(), images, configs, nonRoot, podName, inject, warnings);
      if (refusal.isPresent()) {
        return refusal.get();
      }
    }
    // NOTE: InjectionPolicy denies containers that are non-root by their security context before
    // any image is looked up, so a pod with both kinds learns of those with a non-root image USER
    // only once the others are fixed.
    if (!nonRoot.isEmpty()) {
      return new MutationResult.Refused(RefusalReason.NON_ROOT,
          NonRootContainers.denialMessage(podName, nonRoot, pod.getSpec()), inject.explicit(), warnings);
    }

    // The builder copies every nested model object, list and map, so the caller's pod stays as
    // it was. It is several times cheaper than a JSON round trip.
    Pod mutated = new PodBuilder(pod).build();
    PodSpec spec = mutated.getSpec();
    long gracePeriod = applyGracePeriodFloor(spec, warnings);
    WrapperEnvironment.PodValues values = new WrapperEnvironment.PodValues(inject.checkpointKey(),
        inject.annotations().checkpointPolicy(), inject.annotations().preservePaths(), settings.nodeStateUrl(),
        gracePeriod);

    for (Container container : spec.getContainers()) {
      if (inject.targets().contains(container.getName())) {
        wrap(container, configs.get(container.getName()), spec, values, warnings);
      }
    }
    addInitContainer(spec);
    addVolumes(spec, inject.claim());
    annotate(mutated);
    if (!namespace.known()) {
      warnings.add("the PodSecurity level of namespace \"" + namespace.name() + "\" was not checked, because "
          + "the webhook has no Kubernetes API; the API server rejects the pod if the level forbids the added "
          + "capabilities");
    }

    return new MutationResult.Injected(mutated, inject.targets(), inject.checkpointKey(), warnings);
  }

  /**
   * Checks the image config of a container that does not set its command, and records it in
   * {@code configs}, or in {@code nonRoot} when the image's USER is not root.
   */
  private Optional<MutationResult.Refused> checkImage(Container container, PodSpec spec,
      Map<String, ImageLookup> images, Map<String, ImageConfig> configs, List<NonRootContainers.Finding> nonRoot,
      String podName, InjectionPlan.Inject inject, List<String> warnings) {
    if (!ContainerCommand.needsImageConfig(container)) {
      return Optional.empty();
    }
    String prefix = "pod " + podName + ", container \"" + container.getName() + "\", image \"" + container.getImage() + "\": ";
    ImageLookup lookup = images.get(container.getName());
    if (!(lookup instanceof ImageLookup.Found found)) {
      ImageLookup.Failed failed = lookup instanceof ImageLookup.Failed known ? known
          : new ImageLookup.Failed("the image was not looked up");
      return Optional.of(new MutationResult.Refused(RefusalReason.IMAGE_UNRESOLVED, prefix
          + "cannot find the image's ENTRYPOINT and CMD, because " + failed.reason() + ". " + imageFixes(failed),
          inject.explicit(), warnings));
    }

    ImageConfig config = found.config();
    if (ContainerCommand.effective(container, config).isEmpty()) {
      return Optional.of(new MutationResult.Refused(RefusalReason.NO_COMMAND, prefix + "neither the container nor "
          + "the image sets a command: set \"command\" in the container", inject.explicit(), warnings));
    }
    if (config.runsAsNonRoot() && !setsRunAsUser(container, spec)) {
      nonRoot.add(NonRootContainers.fromImage(container, config.user()));
      return Optional.empty();
    }
    configs.put(container.getName(), config);
    return Optional.empty();
  }

  /** Lists the independent fixes of an image whose ENTRYPOINT and CMD are unknown, numbered. */
  private static String imageFixes(ImageLookup.Failed failed) {
    List<String> fixes = new ArrayList<>(List.of("set \"command\" in the container",
        "add the image to crik.webhook.images"));
    if (!failed.registryFix().isEmpty()) {
      fixes.add(failed.registryFix());
    }
    StringBuilder text = new StringBuilder("Fix it in one of " + (fixes.size() == 2 ? "two" : "three") + " ways:");
    for (int i = 0; i < fixes.size(); i++) {
      text.append(i == 0 ? " " : ", ").append('(').append(i + 1).append(") ").append(fixes.get(i));
    }
    return text.toString();
  }

  private void wrap(Container container, ImageConfig config, PodSpec spec, WrapperEnvironment.PodValues values,
      List<String> warnings) {
    container.setCommand(ContainerCommand.wrapped(container, config));
    container.setArgs(null);

    warnings.addAll(securityContextMerger.merge(container, spec.getSecurityContext()));
    List<VolumeMount> mounts = container.getVolumeMounts() == null ? new ArrayList<>() : new ArrayList<>(container.getVolumeMounts());
    mounts.add(new VolumeMountBuilder().withName(WrapperLayout.BUNDLE_VOLUME).withMountPath(WrapperLayout.BUNDLE_PATH).build());
    mounts.add(new VolumeMountBuilder().withName(WrapperLayout.CHECKPOINT_VOLUME)
        .withMountPath(WrapperLayout.CHECKPOINT_PATH)
        .withSubPath(values.checkpointKey() + "/" + container.getName())
        .build());
    container.setVolumeMounts(mounts);

    WrapperEnvironment.apply(container, values).ifPresent(warnings::add);
    PreStopHookChain.apply(container).ifPresent(warnings::add);
  }

  private long applyGracePeriodFloor(PodSpec spec, List<String> warnings) {
    Long current = spec.getTerminationGracePeriodSeconds();
    long floor = settings.terminationGracePeriodFloorSeconds();
    long effective = current != null ? current : MutationSettings.KUBERNETES_DEFAULT_GRACE_PERIOD_SECONDS;
    if (effective >= floor) {
      return effective;
    }
    spec.setTerminationGracePeriodSeconds(floor);
    if (current != null) {
      warnings.add("terminationGracePeriodSeconds raised from " + current + " to " + floor
          + " so that a checkpoint has time to finish; the webhook's setting"
          + " crik.webhook.termination-grace-period-floor (chart value checkpoint.terminationGracePeriodFloor)"
          + " sets this floor and can lower it");
    }
    return floor;
  }

  private void addInitContainer(PodSpec spec) {
    Container install = new ContainerBuilder()
        .withName(WrapperLayout.INIT_CONTAINER)
        .withImage(settings.wrapperImage())
        .withImagePullPolicy(settings.wrapperImagePullPolicy())
        .withCommand(WrapperLayout.INSTALL_COMMAND)
        .withResources(settings.initContainerResources())
        .withVolumeMounts(new VolumeMountBuilder().withName(WrapperLayout.BUNDLE_VOLUME)
            .withMountPath(WrapperLayout.INSTALL_PATH).build())
        // Root copies the bundle so that it works for the root processes that use it, but with no
        // capabilities: it only writes into its own emptyDir.
        .withNewSecurityContext()
            .withRunAsUser(0L).withRunAsNonRoot(false).withAllowPrivilegeEscalation(false)
            .withNewCapabilities().withDrop("ALL").endCapabilities()
        .endSecurityContext()
        .build();
    List<Container> initContainers = new ArrayList<>();
    initContainers.add(install);
    if (spec.getInitContainers() != null) {
      initContainers.addAll(spec.getInitContainers());
    }
    spec.setInitContainers(initContainers);
  }

  private static void addVolumes(PodSpec spec, String claim) {
    List<Volume> volumes = spec.getVolumes() == null ? new ArrayList<>() : new ArrayList<>(spec.getVolumes());
    volumes.add(new VolumeBuilder().withName(WrapperLayout.BUNDLE_VOLUME).withNewEmptyDir().endEmptyDir().build());
    volumes.add(new VolumeBuilder().withName(WrapperLayout.CHECKPOINT_VOLUME)
        .withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().build());
    spec.setVolumes(volumes);
  }

  private void annotate(Pod pod) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (pod.getMetadata().getAnnotations() != null) {
      annotations.putAll(pod.getMetadata().getAnnotations());
    }
    annotations.put(CrikAnnotations.INJECTED, settings.version());
    pod.getMetadata().setAnnotations(annotations);
  }

  /** Returns true when runAsUser is set for the container, so that the image's USER does not apply. */
  private static boolean setsRunAsUser(Container container, PodSpec spec) {
    boolean containerSets = container.getSecurityContext() != null && container.getSecurityContext().getRunAsUser() != null;
    boolean podSets = spec.getSecurityContext() != null && spec.getSecurityContext().getRunAsUser() != null;
    return containerSets || podSets;
  }
}
