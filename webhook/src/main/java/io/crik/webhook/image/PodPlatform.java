package io.crik.webhook.image;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the platform a pod will run on from its scheduling constraints: the node selector's
 * {@code kubernetes.io/arch} and {@code kubernetes.io/os}, else a required node affinity that
 * allows exactly one architecture in every term, else the configured default.
 */
public final class PodPlatform {

  static final String ARCH_LABEL = "kubernetes.io/arch";
  static final String OS_LABEL = "kubernetes.io/os";

  private PodPlatform() {}

  public static Platform of(Pod pod, Platform fallback) {
    PodSpec spec = pod.getSpec();
    Map<String, String> selector = spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector();
    String os = selector.getOrDefault(OS_LABEL, fallback.os());
    Optional<String> architecture = Optional.ofNullable(selector.get(ARCH_LABEL)).or(() -> affinityArchitecture(spec));

    if (architecture.isEmpty()) {
      return new Platform(os, fallback.architecture(), fallback.variant());
    }
    String variant = architecture.get().equals(fallback.architecture()) ? fallback.variant() : "";
    return new Platform(os, architecture.get(), variant);
  }

  private static Optional<String> affinityArchitecture(PodSpec spec) {
    if (spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null
        || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return Optional.empty();
    }
    List<NodeSelectorTerm> terms = spec.getAffinity().getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
    Set<String> architectures = new HashSet<>();
    for (NodeSelectorTerm term : terms == null ? List.<NodeSelectorTerm>of() : terms) {
      Optional<String> termArchitecture = singleArchitecture(term);
      if (termArchitecture.isEmpty()) {
        return Optional.empty();
      }
      architectures.add(termArchitecture.get());
    }
    return architectures.size() == 1 ? architectures.stream().findFirst() : Optional.empty();
  }

  private static Optional<String> singleArchitecture(NodeSelectorTerm term) {
    if (term.getMatchExpressions() == null) {
      return Optional.empty();
    }
    for (NodeSelectorRequirement requirement : term.getMatchExpressions()) {
      if (ARCH_LABEL.equals(requirement.getKey()) && "In".equals(requirement.getOperator())
          && requirement.getValues() != null && requirement.getValues().size() == 1) {
        return Optional.of(requirement.getValues().get(0));
      }
    }
    return Optional.empty();
  }
}
