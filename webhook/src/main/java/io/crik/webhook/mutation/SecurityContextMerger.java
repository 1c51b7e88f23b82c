package io.crik.webhook.mutation;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Adds what CRIU needs to a container's security context and keeps every other setting: the
 * configured capabilities, the runtime defaults that CRIU needs when the container drops them, and
 * seccomp {@code Unconfined}, because CRIU cannot dump a process tree from inside a seccomp filter.
 */
final class SecurityContextMerger {

  static final String UNCONFINED = "Unconfined";

  private final List<String> capabilities;
  private final List<String> runtimeDefaultCapabilities;
  private final Set<String> neededCapabilities;

  SecurityContextMerger(List<String> capabilities, List<String> runtimeDefaultCapabilities) {
    this.capabilities = List.copyOf(capabilities);
    this.runtimeDefaultCapabilities = List.copyOf(runtimeDefaultCapabilities);
    this.neededCapabilities = Stream.concat(capabilities.stream(), runtimeDefaultCapabilities.stream())
        .map(SecurityContextMerger::normalize)
        .collect(Collectors.toSet());
  }

  /** Merges into the container in place and returns warnings about settings it had to change. */
  List<String> merge(Container container, PodSecurityContext podContext) {
    List<String> warnings = new ArrayList<>();
    SecurityContext context = container.getSecurityContext();
    if (context == null) {
      context = new SecurityContext();
      container.setSecurityContext(context);
    }
    Capabilities current = context.getCapabilities();
    if (current == null) {
      current = new Capabilities();
      context.setCapabilities(current);
    }

    List<String> added = addCapabilities(current.getAdd(), capabilities);
    if (dropsAll(current.getDrop())) {
      added = addRuntimeDefaults(container.getName(), added, warnings);
    }
    current.setAdd(added);
    current.setDrop(keepDrops(container.getName(), current.getDrop(), warnings));
    context.setSeccompProfile(unconfined(container.getName(), context.getSeccompProfile(), podContext, warnings));
    return warnings;
  }

  private static List<String> addCapabilities(List<String> existing, List<String> toAdd) {
    List<String> added = existing == null ? new ArrayList<>() : new ArrayList<>(existing);
    Set<String> present = added.stream().map(SecurityContextMerger::normalize).collect(Collectors.toSet());
    for (String capability : toAdd) {
      if (present.add(normalize(capability))) {
        added.add(capability);
      }
    }
    return added;
  }

  /**
   * Adds the runtime defaults that CRIU needs to a container that drops {@code ALL}, because
   * without them every restore fails (SYS_CHROOT: "Can't change root"; SETPCAP: the restored task
   * crashes in rt_sigreturn).
   */
  private List<String> addRuntimeDefaults(String containerName, List<String> added, List<String> warnings) {
    Set<String> present = added.stream().map(SecurityContextMerger::normalize).collect(Collectors.toSet());
    List<String> missing = runtimeDefaultCapabilities.stream()
        .filter(capability -> !present.contains(normalize(capability)))
        .toList();
    if (missing.isEmpty()) {
      return added;
    }
    warnings.add("container \"" + containerName + "\": capabilities.drop ALL also drops " + String.join(", ", missing)
        + ", which CRIU needs to restore, so " + (missing.size() == 1 ? "it is" : "they are") + " added back");
    return addCapabilities(added, missing);
  }

  private static boolean dropsAll(List<String> drops) {
    return drops != null && drops.stream().anyMatch(drop -> drop.trim().equalsIgnoreCase("ALL"));
  }

  /**
   * Removes drops of the added capabilities and of the runtime defaults that CRIU needs:
   * container runtimes apply drops after adds, except {@code ALL}, which removes only the defaults
   * and so is kept.
   */
  private List<String> keepDrops(String containerName, List<String> drops, List<String> warnings) {
    if (drops == null || drops.isEmpty()) {
      return drops;
    }
    List<String> kept = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (String drop : drops) {
      if (neededCapabilities.contains(normalize(drop))) {
        removed.add(drop);
      } else {
        kept.add(drop);
      }
    }
    if (!removed.isEmpty()) {
      warnings.add("container \"" + containerName + "\": capabilities.drop no longer drops " + String.join(", ", removed)
          + ", because CRIU needs " + (removed.size() == 1 ? "it" : "them"));
    }
    return kept;
  }

  private static SeccompProfile unconfined(String containerName, SeccompProfile current,
      PodSecurityContext podContext, List<String> warnings) {
    SeccompProfile effective = current;
    if (effective == null && podContext != null) {
      effective = podContext.getSeccompProfile();
    }
    if (effective != null && !UNCONFINED.equals(effective.getType())) {
      warnings.add("container \"" + containerName + "\": seccomp profile " + effective.getType()
          + " replaced by Unconfined, because CRIU cannot checkpoint from inside a seccomp filter");
    }
    return new SeccompProfileBuilder().withType(UNCONFINED).build();
  }

  /** Returns the capability name as container runtimes compare it: upper case, with CAP_. */
  static String normalize(String capability) {
    String upper = capability.trim().toUpperCase(Locale.ROOT);
    return upper.startsWith("CAP_") ? upper : "CAP_" + upper;
  }
}
