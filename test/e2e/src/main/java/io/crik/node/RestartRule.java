package io.crik.node;

/** Whether the kubelet starts a container again after it exited, by the pod's restartPolicy. */
public final class RestartRule {

    private RestartRule() {
    }

    /** Returns whether a regular container that exited with {@code exitCode} is restarted. */
    public static boolean restartsContainer(String restartPolicy, int exitCode) {
        return switch (restartPolicy) {
            case "Always" -> true;
            case "OnFailure" -> exitCode != 0;
            case "Never" -> false;
            default -> throw new IllegalArgumentException("invalid restartPolicy '" + restartPolicy
                    + "'; use Always, OnFailure or Never");
        };
    }

    /**
     * Returns whether an init container that exited with {@code exitCode} is run again. A failed
     * init container is retried unless the pod's policy is Never, so Always acts as OnFailure here.
     */
    public static boolean restartsInitContainer(String restartPolicy, int exitCode) {
        return exitCode != 0 && !"Never".equals(restartPolicy);
    }
}
