package io.crik.webhook.admission;

import io.crik.webhook.mutation.MutationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;

/**
 * The webhook's response for one pod: allowed or denied, the patch, the warnings, and the result and
 * reason that metrics, logs and events use.
 *
 * @param result {@code injected}, {@code skipped} or {@code denied}
 * @param reason a refusal or skip reason code, or {@code injected}
 */
public record AdmissionVerdict(boolean allowed, Optional<ArrayNode> patch, List<String> warnings,
    Optional<String> denialMessage, String result, String reason) {

  static final String WARNING_PREFIX = "crik: ";

  public AdmissionVerdict {
    warnings = List.copyOf(warnings);
  }

  /**
   * Decides the response to a mutation result.
   *
   * @param patch the patch of an injected pod, ignored otherwise
   */
  public static AdmissionVerdict of(MutationResult result, ArrayNode patch, FailureMode mode) {
    List<String> warnings = new ArrayList<>(prefixed(result.warnings()));
    if (result instanceof MutationResult.Injected) {
      return new AdmissionVerdict(true, Optional.of(patch), warnings, Optional.empty(), "injected", "injected");
    }
    if (result instanceof MutationResult.Skipped skipped) {
      return new AdmissionVerdict(true, Optional.empty(), warnings, Optional.empty(), "skipped",
          skipped.reason().code());
    }

    MutationResult.Refused refused = (MutationResult.Refused) result;
    boolean deny = mode == FailureMode.DENY || mode == FailureMode.DENY_EXPLICIT && refused.explicit();
    if (deny) {
      return new AdmissionVerdict(false, Optional.empty(), warnings, Optional.of(WARNING_PREFIX + refused.message()),
          "denied", refused.reason().code());
    }
    warnings.add(WARNING_PREFIX + "not injected: " + refused.message());
    return new AdmissionVerdict(true, Optional.empty(), warnings, Optional.empty(), "skipped", refused.reason().code());
  }

  private static List<String> prefixed(List<String> warnings) {
    return warnings.stream().map(warning -> WARNING_PREFIX + warning).toList();
  }
}
