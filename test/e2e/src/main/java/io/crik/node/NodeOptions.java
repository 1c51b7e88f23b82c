package io.crik.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
 * @param portForwards ports of the host's loopback interface that every pod reaches on its own
 *     loopback interface, as kube-proxy makes Services reachable
 */
public record NodeOptions(boolean seccompDefault, Duration restartBackoffInitial, Duration restartBackoffMaximum,
        Duration shutdownGracePeriod, String podIp, String hostIp, List<PortForward> portForwards) {

    /**
     * A port that every pod reaches at 127.0.0.1:{@code podPort}, relayed to 127.0.0.1:{@code hostPort}
     * on the host.
     */
    public record PortForward(int podPort, int hostPort) {

        public PortForward {
            if (podPort < 1 || podPort > 65535 || hostPort < 1 || hostPort > 65535) {
                throw new IllegalArgumentException("invalid port forward " + podPort + " -> " + hostPort
                        + "; both ports must be between 1 and 65535");
            }
        }
    }

    public NodeOptions {
        portForwards = List.copyOf(portForwards);
    }

    public static NodeOptions defaults() {
        return new NodeOptions(true, Duration.ofSeconds(10), Duration.ofSeconds(300), null, "127.0.0.1", "127.0.0.1",
                List.of());
    }

    public NodeOptions withSeccompDefault(boolean seccompDefault) {
        return new NodeOptions(seccompDefault, restartBackoffInitial, restartBackoffMaximum, shutdownGracePeriod,
                podIp, hostIp, portForwards);
    }

    public NodeOptions withRestartBackoff(Duration initial, Duration maximum) {
        return new NodeOptions(seccompDefault, initial, maximum, shutdownGracePeriod, podIp, hostIp, portForwards);
    }

    public NodeOptions withShutdownGracePeriod(Duration shutdownGracePeriod) {
        return new NodeOptions(seccompDefault, restartBackoffInitial, restartBackoffMaximum, shutdownGracePeriod,
                podIp, hostIp, portForwards);
    }

    /** Returns a copy where every pod reaches 127.0.0.1:{@code hostPort} of the host at its own 127.0.0.1:{@code podPort}. */
    public NodeOptions withPortForward(int podPort, int hostPort) {
        List<PortForward> forwards = new ArrayList<>(portForwards);
        if (forwards.stream().anyMatch(forward -> forward.podPort() == podPort)) {
            throw new IllegalArgumentException("pod port " + podPort + " is already forwarded");
        }
        forwards.add(new PortForward(podPort, hostPort));
        return new NodeOptions(seccompDefault, restartBackoffInitial, restartBackoffMaximum, shutdownGracePeriod,
                podIp, hostIp, forwards);
    }
}
