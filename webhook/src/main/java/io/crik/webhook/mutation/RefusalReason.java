package io.crik.webhook.mutation;

/**
 * Reason a pod that opted in cannot be injected, with the value used in metrics and events. Such a
 * pod is denied when it asked explicitly, or admitted uninjected with a warning when it came in
 * through its namespace.
 */
public enum RefusalReason {
  INVALID_ANNOTATION("invalid-annotation"),
  UNKNOWN_CONTAINER("unknown-container"),
  WINDOWS("windows"),
  HOST_PID("host-pid"),
  SHARE_PROCESS_NAMESPACE("share-process-namespace"),
  POD_SECURITY("pod-security"),
  NON_ROOT("non-root"),
  NAME_CONFLICT("name-conflict"),
  NO_CHECKPOINT_KEY("no-checkpoint-key"),
  NO_CHECKPOINT_CLAIM("no-checkpoint-claim"),
  IMAGE_UNRESOLVED("image-unresolved"),
  NO_COMMAND("no-command"),
  INTERNAL_ERROR("internal-error");

  private final String code;

  RefusalReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
