package io.crik.webhook.mutation;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the containers that do not run as root and words one denial for all of them, with the
 * source of each container's user, because CRIU needs root to checkpoint and restore.
 */
final class NonRootContainers {

  /** Setting or image field that gives a container its non-root user. */
  enum Source {
    POD_RUN_AS_USER,
    CONTAINER_RUN_AS_USER,
    POD_RUN_AS_NON_ROOT,
    CONTAINER_RUN_AS_NON_ROOT,
    IMAGE_USER
  }

  /**
   * A container that does not run as root.
   *
   * @param user the user ID or image USER, or an empty string for runAsNonRoot
   */
  record Finding(String container, Source source, String user) {}

  private NonRootContainers() {}

  /**
   * Returns why the container does not run as root according to its own and the pod's security
   * context, or empty when neither sets a non-root user. A container-level setting overrides the
   * pod-level one, as in Kubernetes.
   */
  static Optional<Finding> fromSecurityContext(Container container, PodSecurityContext podContext) {
    SecurityContext context = container.getSecurityContext();
    Long containerUser = context == null ? null : context.getRunAsUser();
    Long podUser = podContext == null ? null : podContext.getRunAsUser();
    Boolean containerNonRoot = context == null ? null : context.getRunAsNonRoot();
    Boolean podNonRoot = podContext == null ? null : podContext.getRunAsNonRoot();

    if (containerUser != null && containerUser != 0) {
      return Optional.of(new Finding(container.getName(), Source.CONTAINER_RUN_AS_USER, containerUser.toString()));
    }
    if (containerUser == null && podUser != null && podUser != 0) {
      return Optional.of(new Finding(container.getName(), Source.POD_RUN_AS_USER, podUser.toString()));
    }
    if (Boolean.TRUE.equals(containerNonRoot)) {
      return Optional.of(new Finding(container.getName(), Source.CONTAINER_RUN_AS_NON_ROOT, ""));
    }
    if (containerNonRoot == null && Boolean.TRUE.equals(podNonRoot)) {
      return Optional.of(new Finding(container.getName(), Source.POD_RUN_AS_NON_ROOT, ""));
    }
    return Optional.empty();
  }

  /** Returns the finding of a container that runs as its image's non-root USER. */
  static Finding fromImage(Container container, String imageUser) {
    return new Finding(container.getName(), Source.IMAGE_USER, imageUser);
  }

  /**
   * Words the denial of a pod whose containers in {@code findings} do not run as root: where each
   * user comes from, the fix for each source, and the annotation that wraps only the containers
   * that can run as root, when the pod has any.
   */
  static String denialMessage(String podName, List<Finding> findings, PodSpec spec) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    Map<String, Finding> firstOfGroup = new LinkedHashMap<>();
    for (Finding finding : findings) {
      String key = finding.source() + "/" + finding.user();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(finding.container());
      firstOfGroup.putIfAbsent(key, finding);
    }

    List<String> clauses = new ArrayList<>();
    for (Map.Entry<String, List<String>> group : groups.entrySet()) {
      List<String> names = group.getValue();
      clauses.add(containers(names) + " " + description(firstOfGroup.get(group.getKey()), names.size() > 1));
    }

    // A container-level runAsUser and an image's USER have the same fix, so one sentence names both.
    Map<Source, List<String>> namesByFix = new LinkedHashMap<>();
    for (Finding finding : findings) {
      Source fixSource = finding.source() == Source.IMAGE_USER ? Source.CONTAINER_RUN_AS_USER : finding.source();
      namesByFix.computeIfAbsent(fixSource, k -> new ArrayList<>()).add(finding.container());
    }
    List<String> fixes = new ArrayList<>();
    namesByFix.forEach((source, names) -> fixes.add(fix(source, names)));

    StringBuilder message = new StringBuilder("pod " + podName + ": CRIU needs root with the added capabilities, but ")
        .append(String.join(", and ", clauses)).append('.');
    for (String fix : fixes) {
      message.append(' ').append(capitalize(fix)).append('.');
    }

    List<String> wrappable = wrappableContainers(spec, findings);
    if (!wrappable.isEmpty()) {
      message.append(" Or wrap only the containers that run as root, with the annotation ")
          .append(CrikAnnotations.CONTAINERS).append(": \"").append(String.join(",", wrappable)).append('"');
    } else {
      message.setLength(message.length() - 1);
    }
    return message.toString();
  }

  private static String description(Finding finding, boolean plural) {
    return switch (finding.source()) {
      case POD_RUN_AS_USER -> (plural ? "run" : "runs") + " as user " + finding.user() + " from the pod-level"
          + " securityContext.runAsUser, which applies to every container without its own runAsUser";
      case CONTAINER_RUN_AS_USER -> (plural ? "run" : "runs") + " as user " + finding.user()
          + " from the container-level securityContext.runAsUser";
      case POD_RUN_AS_NON_ROOT -> (plural ? "are" : "is") + " held to a non-root user by the pod-level"
          + " securityContext.runAsNonRoot: true, which applies to every container without its own runAsNonRoot";
      case CONTAINER_RUN_AS_NON_ROOT -> (plural ? "set" : "sets")
          + " runAsNonRoot: true in the container-level securityContext";
      case IMAGE_USER -> (plural ? "run" : "runs") + " as the image's USER \"" + finding.user() + "\"";
    };
  }

  private static String fix(Source source, List<String> names) {
    String each = names.size() > 1 ? " of each of " + containers(names) : " of " + containers(names);
    return switch (source) {
      case POD_RUN_AS_USER -> "set runAsUser: 0 in the pod's securityContext, or in the securityContext" + each;
      case CONTAINER_RUN_AS_USER, IMAGE_USER -> "set runAsUser: 0 in the securityContext" + each;
      case POD_RUN_AS_NON_ROOT -> "remove runAsNonRoot: true from the pod's securityContext, or set runAsNonRoot:"
          + " false in the securityContext" + each;
      case CONTAINER_RUN_AS_NON_ROOT -> "remove runAsNonRoot: true from the securityContext" + each;
    };
  }

  /**
   * Returns the regular containers that no finding names and whose security context lets them run
   * as root. Their images' USER is not known here unless a finding names it.
   */
  private static List<String> wrappableContainers(PodSpec spec, List<Finding> findings) {
    Set<String> nonRoot = findings.stream().map(Finding::container).collect(Collectors.toSet());
    return spec.getContainers().stream()
        .filter(container -> !nonRoot.contains(container.getName()))
        .filter(container -> fromSecurityContext(container, spec.getSecurityContext()).isEmpty())
        .map(Container::getName)
        .toList();
  }

  private static String containers(List<String> names) {
    List<String> quoted = names.stream().map(name -> "\"" + name + "\"").toList();
    return (names.size() > 1 ? "containers " : "container ") + joinWithAnd(quoted);
  }

  private static String joinWithAnd(List<String> items) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }

  private static String capitalize(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
