package io.crik.webhook.mutation;

import java.util.Arrays;
import java.util.Optional;

/** When the wrapper checkpoints, as the annotation {@code crik.io/checkpoint-policy} sets it. */
public enum CheckpointPolicy {
  /** Checkpoint only when the node is going away; a plain pod deletion stops the app. */
  NODE_TERMINATING("node-terminating"),
  /** Checkpoint on every stop. */
  ALWAYS("always");

  private final String value;

  CheckpointPolicy(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static Optional<CheckpointPolicy> parse(String value) {
    return Arrays.stream(values()).filter(policy -> policy.value.equals(value)).findFirst();
  }
}
