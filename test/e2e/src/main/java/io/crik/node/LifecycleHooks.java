package io.crik.node;

import io.crik.runc.ExecResult;
import io.crik.runc.RuncContainer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a container's lifecycle hook handler as the kubelet does: {@code exec} as a command in the
 * container ({@code runc exec}), {@code httpGet} as an HTTP GET to the pod's address from inside
 * its network namespace, {@code sleep} as a pause.
 */
final class LifecycleHooks {

    /** Result of a hook handler; the message of a failure gives its reason. */
    record Outcome(boolean succeeded, String message) {
    }

    private LifecycleHooks() {
    }

    static Outcome run(LifecycleHandler handler, Container container, RuncContainer instance, PodSandbox sandbox,
            String podIp, Duration timeout) {
        if (handler.getExec() != null) {
            ExecResult result = instance.exec(timeout, handler.getExec().getCommand());
            return result.succeeded() ? new Outcome(true, "")
                    : new Outcome(false, "command " + handler.getExec().getCommand() + " exited with " + result.exitCode()
                            + ": " + (result.stderr() + result.stdout()).strip());
        }
        if (handler.getSleep() != null) {
            return sleep(handler.getSleep().getSeconds());
        }
        if (handler.getHttpGet() != null) {
            return httpGet(handler.getHttpGet(), container, sandbox, podIp, timeout);
        }
        return new Outcome(false, "the handler has no action the local node runs");
    }

    private static Outcome sleep(Long seconds) {
        try {
            Thread.sleep(Duration.ofSeconds(seconds == null ? 0 : seconds).toMillis());
            return new Outcome(true, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "sleep interrupted");
        }
    }

    /**
     * Sends the request with curl inside the pod's network namespace. Like the kubelet, it fails
     * only when no response comes, whatever the status code.
     */
    private static Outcome httpGet(HTTPGetAction action, Container container, PodSandbox sandbox, String podIp,
            Duration timeout) {
        String host = action.getHost() == null || action.getHost().isEmpty() ? podIp : action.getHost();
        if (!isLoopback(host)) {
            return new Outcome(false, "httpGet host " + host + " is not a loopback address; the local node sends hook"
                    + " requests only inside the pod's network namespace");
        }
        int port = port(action.getPort(), container);
        String scheme = action.getScheme() == null ? "http" : action.getScheme().toLowerCase(java.util.Locale.ROOT);
        String path = action.getPath() == null || action.getPath().isEmpty() ? "/" : action.getPath();
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        String hostPart = host.contains(":") ? "[" + host + "]" : host;

        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--noproxy", "*",
                "--output", "/dev/null", "--write-out", "%{http_code}",
                "--max-time", Long.toString(Math.max(1, timeout.toSeconds()))));
        if (scheme.equals("https")) {
            // The kubelet does not verify a hook server's certificate either.
            command.add("--insecure");
        }
        if (action.getHttpHeaders() != null) {
            for (HTTPHeader header : action.getHttpHeaders()) {
                command.add("--header");
                command.add(header.getName() + ": " + header.getValue());
            }
        }
        command.add(scheme + "://" + hostPart + ":" + port + path);

        ExecResult result = sandbox.network().exec(timeout.plusSeconds(5), command);
        if (!result.succeeded()) {
            return new Outcome(false, "HTTP GET " + command.get(command.size() - 1) + " failed: " + result.stderr().strip());
        }
        return new Outcome(true, "HTTP status " + result.stdout().strip());
    }

    private static int port(IntOrString port, Container container) {
        if (port == null) {
            throw new IllegalArgumentException("httpGet hook of container " + container.getName() + " has no port");
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        if (container.getPorts() != null) {
            for (ContainerPort candidate : container.getPorts()) {
                if (port.getStrVal().equals(candidate.getName())) {
                    return candidate.getContainerPort();
                }
            }
        }
        throw new IllegalArgumentException("httpGet hook of container " + container.getName() + " names port '"
                + port.getStrVal() + "', which the container does not declare");
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
