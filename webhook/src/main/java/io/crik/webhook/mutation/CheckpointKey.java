package io.crik.webhook.mutation;

import java.util.List;

/** Outcome of deriving a pod's checkpoint key. */
sealed interface CheckpointKey {

  /** A key, with any warning about how it was chosen. */
  record Derived(String key, List<String> warnings) implements CheckpointKey {}

  /** No key can be derived; {@code message} names the pod, the reason and the fix. */
  record Missing(String message) implements CheckpointKey {}

  /** The annotation's value is not a safe relative path. */
  record Invalid(String message) implements CheckpointKey {}
}
