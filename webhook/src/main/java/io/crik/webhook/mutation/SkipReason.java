package io.crik.webhook.mutation;

/** Reason a pod is admitted without injection, with the value used in metrics and events. */
public enum SkipReason {
  NOT_A_POD_CREATE("not-a-pod-create"),
  EXCLUDED_NAMESPACE("excluded-namespace"),
  MIRROR_POD("mirror-pod"),
  ALREADY_INJECTED("already-injected"),
  OPTED_OUT("opted-out"),
  NOT_OPTED_IN("not-opted-in");

  private final String code;

  SkipReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
