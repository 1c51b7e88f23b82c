package io.crik.node;

import java.time.Duration;

/**
 * Settings of a local node that a real node takes from its kubelet configuration.
 *
 * @param seccompDefault whether a container without a seccomp profile gets RuntimeDefault, as
 *     with the kubelet's {@code --seccomp-default}; false gives Unconfined, the kubelet's default
 * @param restartBackoffInitial first crash-loop back-off (kubelet: 10 s)
 * @param restartBackoffMaximum longest crash-loop back-off (kubelet: 300 s)
 * @param shutdownGracePeriod the kubelet's {@code shutdownGracePeriod}: the longest grace period
 *     a pod gets when the node shuts down, or null to give each pod its own
 * @param podIp the address every pod reports as {@code status.podIP}; each pod has only its own
 *     loopback interface, so this is a loopback address
 * @param hostIp the address the node reports as {@code status.hostIP}
 */
public record NodeOptions(boolean seccompDefault, Duration restartBackoffInitial, Duration restartBackoffMaximum,
        Duration shutdownGracePeriod, String podIp, String hostIp) {

    public static NodeOptions defaults() {
        return new NodeOptions(true, Duration.ofSeconds(10), Duration.ofSeconds(300), null, "127.0.0.1", "127.0.0.1");
    }

    public NodeOptions withSeccompDefault(boolean seccompDefault) {
        return new NodeOptions(seccompDefault, restartBackoffInitial, restartBackoffMaximum, shutdownGracePeriod,
                podIp, hostIp);
    }

    public NodeOptions withRestartBackoff(Duration initial, Duration maximum) {
        return new NodeOptions(seccompDefault, initial, maximum, shutdownGracePeriod, podIp, hostIp);
    }

    public NodeOptions withShutdownGracePeriod(Duration shutdownGracePeriod) {
        return new NodeOptions(seccompDefault, restartBackoffInitial, restartBackoffMaximum, shutdownGracePeriod,
                podIp, hostIp);
    }
}
