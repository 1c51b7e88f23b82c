package io.crik.webhook.mutation;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** Outcome of {@link PodMutator#mutate}: the mutated pod, a skip, or a refusal with its message. */
public sealed interface MutationResult {

  List<String> warnings();

  /** The pod with the wrapper injected into {@code containers}. */
  record Injected(Pod pod, List<String> containers, String checkpointKey, List<String> warnings)
      implements MutationResult {
    public Injected {
      containers = List.copyOf(containers);
      warnings = List.copyOf(warnings);
    }
  }

  /** The pod stays as it is, for a reason that needs no action. */
  record Skipped(SkipReason reason, List<String> warnings) implements MutationResult {
    public Skipped {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * The pod opted in but cannot be injected. {@code explicit} is true when the pod asked through
   * its own annotations rather than through its namespace's label.
   */
  record Refused(RefusalReason reason, String message, boolean explicit, List<String> warnings)
      implements MutationResult {
    public Refused {
      warnings = List.copyOf(warnings);
    }
  }
}
