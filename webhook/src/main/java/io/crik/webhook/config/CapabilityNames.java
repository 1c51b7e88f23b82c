package io.crik.webhook.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks capability names from the configuration before the webhook adds them to
 * {@code capabilities.add} of pods. The API server passes those names to
 * the container runtime without checking them, so a typo would only show when a pod fails.
 */
final class CapabilityNames {

  /**
   * The Linux capabilities as Kubernetes spells them: without the CAP_ prefix, in upper case.
   * From {@code include/uapi/linux/capability.h}, up to CHECKPOINT_RESTORE (Linux 5.9).
   */
  static final List<String> KNOWN = List.of(
      "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
      "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
      "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
      "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
      "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
      "CHECKPOINT_RESTORE");

  private static final Set<String> KNOWN_SET = Set.copyOf(KNOWN);
  private static final String PREFIX = "CAP_";

  private CapabilityNames() {}

  /**
   * Checks every entry of one list property.
   *
   * @param property the property, such as {@code crik.webhook.capabilities}
   * @throws InvalidConfigurationException for the first entry that is not a known capability name
   */
  static void check(String property, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i) == null ? "" : values.get(i);
      if (KNOWN_SET.contains(value)) {
        continue;
      }
      String setting = property + "[" + i + "]=" + value;
      if (value.isBlank()) {
        throw new InvalidConfigurationException(property, setting + " is empty",
            "remove the empty entry from " + property + " (look for a doubled or trailing comma)");
      }
      String bare = value.strip().toUpperCase(Locale.ROOT);
      if (bare.startsWith(PREFIX)) {
        bare = bare.substring(PREFIX.length());
        throw new InvalidConfigurationException(property, setting + " has the CAP_ prefix, but Kubernetes spells"
            + " capabilities without it, and the API server rejects a container that sets allowPrivilegeEscalation:"
            + " false and adds the literal CAP_SYS_ADMIN (its security context validation compares that exact"
            + " string)", "write " + (KNOWN_SET.contains(bare) ? bare : "the name") + " without the prefix in "
                + property + ", because the webhook writes the names into pods as they are configured");
      }
      if (bare.equals("ALL")) {
        throw new InvalidConfigurationException(property, setting + ": ALL is valid only in capabilities.drop, and"
            + " the webhook adds these names to capabilities.add", "list the capabilities one by one in " + property);
      }
      String names = "Capability names have no CAP_ prefix and are upper case: " + String.join(", ", KNOWN);
      Optional<String> suggestion = suggest(bare);
      throw new InvalidConfigurationException(property, setting + " is not a Linux capability name",
          suggestion.map(name -> "replace " + value + " with " + name + " in " + property + ". " + names)
              .orElse("remove " + value + " from " + property + ", or correct it. " + names));
    }
  }

  /**
   * Returns the known name that {@code upper} most likely misspells: the same name with the SYS_
   * prefix (CHROOT for SYS_CHROOT), or the only known name within one or two edits.
   */
  private static Optional<String> suggest(String upper) {
    if (KNOWN_SET.contains(upper)) {
      // The value differs only in case or surrounding spaces.
      return Optional.of(upper);
    }
    if (KNOWN_SET.contains("SYS_" + upper)) {
      return Optional.of("SYS_" + upper);
    }
    // Two edits turn short words into other short names (ALL into KILL), so they get only one.
    int maxDistance = upper.length() >= 6 ? 2 : 1;
    List<String> close = KNOWN.stream().filter(name -> editDistance(upper, name) <= maxDistance).toList();
    return close.size() == 1 ? Optional.of(close.get(0)) : Optional.empty();
  }

  /** Returns the Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
