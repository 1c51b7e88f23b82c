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

/**
 * Adds what CRIU needs to a container's security context and keeps every other setting: the
 * configured capabilities, and seccomp {@code Unconfined}, because CRIU cannot dump a process tree
 * from inside a seccomp filter.
 */
final class SecurityContextMerger {

  static final String UNCONFINED = "Unconfined";

  private final List<String> capabilities;
  private final Set<String> normalizedCapabilities;

  SecurityContextMerger(List<String> capabilities) {
    this.capabilities = List.copyOf(capabilities);
    this.normalizedCapabilities = capabilities.stream().map(SecurityContextMerger::normalize).collect(Collectors.toSet());
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

    current.setAdd(addCapabilities(current.getAdd()));
    current.setDrop(keepDrops(container.getName(), current.getDrop(), warnings));
    context.setSeccompProfile(unconfined(container.getName(), context.getSeccompProfile(), podContext, warnings));
    return warnings;
  }

  private List<String> addCapabilities(List<String> existing) {
    List<String> added = existing == null ? new ArrayList<>() : new ArrayList<>(existing);
    Set<String> present = added.stream().map(SecurityContextMerger::normalize).collect(Collectors.toSet());
    for (String capability : capabilities) {
      if (present.add(normalize(capability))) {
        added.add(capability);
      }
    }
    return added;
  }

  /**
   * Removes drops of the added capabilities: container runtimes apply drops after adds, except
   * {@code ALL}, which removes only the defaults and so is kept.
   */
  private List<String> keepDrops(String containerName, List<String> drops, List<String> warnings) {
    if (drops == null || drops.isEmpty()) {
      return drops;
    }
    List<String> kept = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (String drop : drops) {
      if (normalizedCapabilities.contains(normalize(drop))) {
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
