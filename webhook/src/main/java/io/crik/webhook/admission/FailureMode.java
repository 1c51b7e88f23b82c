package io.crik.webhook.admission;

/** Handling of a pod that opted in but cannot be injected. */
public enum FailureMode {
  /** Deny a pod that asked through its own annotation; admit a namespace-opted-in pod uninjected, with a warning. */
  DENY_EXPLICIT,
  /** Admit every such pod uninjected, with a warning. */
  ADMIT,
  /** Deny every such pod. */
  DENY
}
