package io.crik.webhook.mutation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The validated values of a pod's crik annotations, apart from the opt-in and the checkpoint key.
 *
 * @param containers names from {@code crik.io/containers}, empty when the annotation is absent
 * @param checkpointClaim claim from {@code crik.io/checkpoint-claim}, empty when absent
 * @param checkpointPolicy from {@code crik.io/checkpoint-policy}, {@code node-terminating} when absent
 * @param preservePaths normalized {@code crik.io/preserve-paths}, empty when absent
 */
record PodAnnotations(
    List<String> containers,
    Optional<String> checkpointClaim,
    CheckpointPolicy checkpointPolicy,
    Optional<String> preservePaths) {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  static PodAnnotations parse(Map<String, String> annotations) throws InvalidAnnotationException {
    return new PodAnnotations(
        containers(annotations.get(CrikAnnotations.CONTAINERS)),
        claim(annotations.get(CrikAnnotations.CHECKPOINT_CLAIM)),
        policy(annotations.get(CrikAnnotations.CHECKPOINT_POLICY)),
        preservePaths(annotations.get(CrikAnnotations.PRESERVE_PATHS)));
  }

  private static List<String> containers(String value) throws InvalidAnnotationException {
    if (value == null) {
      return List.of();
    }
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (String part : value.split(",", -1)) {
      String name = part.trim();
      if (!DNS_LABEL.matcher(name).matches()) {
        throw new InvalidAnnotationException("invalid " + CrikAnnotations.CONTAINERS + " \"" + value
            + "\": \"" + name + "\" is not a container name; list container names separated by commas, "
            + "for example \"app,worker\"");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  private static Optional<String> claim(String value) throws InvalidAnnotationException {
    if (value == null) {
      return Optional.empty();
    }
    if (!DNS_SUBDOMAIN.matcher(value).matches()) {
      throw new InvalidAnnotationException("invalid " + CrikAnnotations.CHECKPOINT_CLAIM + " \"" + value
          + "\": name a PersistentVolumeClaim in the pod's namespace (lower-case letters, digits, '-' and '.')");
    }
    return Optional.of(value);
  }

  private static CheckpointPolicy policy(String value) throws InvalidAnnotationException {
    if (value == null) {
      return CheckpointPolicy.NODE_TERMINATING;
    }
    Optional<CheckpointPolicy> policy = CheckpointPolicy.parse(value);
    if (policy.isEmpty()) {
      throw new InvalidAnnotationException("invalid " + CrikAnnotations.CHECKPOINT_POLICY + " \"" + value
          + "\": use \"" + CheckpointPolicy.NODE_TERMINATING.value() + "\" (checkpoint only when the node is going "
          + "away) or \"" + CheckpointPolicy.ALWAYS.value() + "\" (checkpoint on every stop)");
    }
    return policy.get();
  }

  private static Optional<String> preservePaths(String value) throws InvalidAnnotationException {
    if (value == null) {
      return Optional.empty();
    }
    List<String> paths = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String path = part.trim();
      checkPreservePath(value, path);
      paths.add(path);
    }
    return Optional.of(String.join(",", paths));
  }

  private static void checkPreservePath(String value, String path) throws InvalidAnnotationException {
    String problem = null;
    if (!path.startsWith("/") || path.equals("/")) {
      problem = "\"" + path + "\" is not an absolute path below /";
    } else if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      problem = "\"" + path + "\" contains a control character";
    } else if (List.of(path.substring(1).split("/", -1)).stream()
        .anyMatch(segment -> segment.isEmpty() || segment.equals(".") || segment.equals(".."))) {
      problem = "\"" + path + "\" has an empty, '.' or '..' segment";
    } else if (isUnder(path, WrapperLayout.BUNDLE_PATH) || isUnder(path, WrapperLayout.CHECKPOINT_PATH)) {
      problem = "\"" + path + "\" lies in a volume crik mounts itself";
    }
    if (problem != null) {
      throw new InvalidAnnotationException("invalid " + CrikAnnotations.PRESERVE_PATHS + " \"" + value + "\": "
          + problem + "; list normalized absolute paths separated by commas, for example \"/run/app,/tmp/cache\"");
    }
  }

  private static boolean isUnder(String path, String directory) {
    return path.equals(directory) || path.startsWith(directory + "/");
  }
}
