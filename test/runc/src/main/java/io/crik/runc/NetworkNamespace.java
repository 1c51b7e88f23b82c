package io.crik.runc;

import java.nio.file.Path;

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

    @Override
    public void close() {
        HostCommand.run("ip", "netns", "delete", name);
    }
}
