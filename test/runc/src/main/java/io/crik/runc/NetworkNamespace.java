package io.crik.runc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A named network namespace with its loopback interface up, as a pod sandbox has: every
 * container of a pod joins it, so they share localhost. Nothing in it reaches another host.
 */
public final class NetworkNamespace implements AutoCloseable {

    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    public static NetworkNamespace create(String name) {
        HostCommand.run("ip", "netns", "add", name);
        HostCommand.run("ip", "-n", name, "link", "set", "lo", "up");
        return new NetworkNamespace(name);
    }

    public String name() {
        return name;
    }

    public Path path() {
        return Path.of("/run/netns", name);
    }

    /**
     * Runs a host program inside this namespace ({@code ip netns exec}), for example an HTTP
     * client that reaches the pod's loopback the way the kubelet reaches a pod's IP.
     */
    public ExecResult exec(Duration timeout, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return Runc.runCommand(full, timeout);
    }

    @Override
    public void close() {
        HostCommand.run("ip", "netns", "delete", name);
    }
}
