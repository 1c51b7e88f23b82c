package io.crik.webhook.mutation;

/** Pod annotations and the namespace label through which users steer crik. */
public final class CrikAnnotations {

  /** Pod annotation {@code "true"} opts a pod in, {@code "false"} opts it out. */
  public static final String ENABLED = "crik.io/enabled";

  /** Namespace label {@code crik.io/enabled=true} opts every pod of the namespace in. */
  public static final String NAMESPACE_LABEL = "crik.io/enabled";

  /** Comma-separated names of the containers to wrap; all regular containers when absent. */
  public static final String CONTAINERS = "crik.io/containers";

  /** Name of the PersistentVolumeClaim that stores checkpoints. */
  public static final String CHECKPOINT_CLAIM = "crik.io/checkpoint-claim";

  /** Relative path that identifies a workload that is neither a Job nor a StatefulSet. */
  public static final String CHECKPOINT_KEY = "crik.io/checkpoint-key";

  /** When the wrapper checkpoints: {@code node-terminating} or {@code always}. */
  public static final String CHECKPOINT_POLICY = "crik.io/checkpoint-policy";

  /** Comma-separated absolute paths saved with a checkpoint and put back at restore. */
  public static final String PRESERVE_PATHS = "crik.io/preserve-paths";

  /** Written by the webhook with its version, so that a second admission changes nothing. */
  public static final String INJECTED = "crik.io/injected";

  /** Set by the kubelet on the API copy of a static pod. */
  public static final String MIRROR_POD = "kubernetes.io/config.mirror";

  /** Namespace label of Pod Security Admission that sets the enforced level. */
  public static final String POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce";

  private CrikAnnotations() {}
}
