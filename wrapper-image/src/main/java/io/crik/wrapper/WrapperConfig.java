package io.crik.wrapper;

import io.crik.wrapper.node.NodeStateQuery;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The wrapper's settings, read from {@code CRIK_*} environment variables. Every one has a
 * default, so that {@code crik run} also works by hand.
 */
public record WrapperConfig(
        String containerName,
        String podName,
        String podNamespace,
        String podUid,
        String nodeName,
        String image,
        String checkpointKey,
        Path checkpointDir,
        CheckpointPolicy.Policy checkpointPolicy,
        boolean checkpointWhenNodeStateUnknown,
        URI nodeStateUrl,
        Duration nodeStateTimeout,
        Duration nodeStateRequestTimeout,
        List<Path> preservePaths,
        Duration gracePeriod,
        Duration checkpointTimeout,
        Set<String> fingerprintExcludeEnv,
        int maxRestores,
        boolean startFreshOnRestoreFailure) {

    public static final Path BUNDLE = Path.of("/crik");
    public static final int EXIT_CHECKPOINTED = 75;

    /** Time left for the rest of the shutdown when the checkpoint timeout comes from the grace period. */
    private static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(5);
    /** Maximum default time limit of the node-state question; the service responds from memory. */
    private static final Duration MAX_DEFAULT_NODE_STATE_TIMEOUT = Duration.ofSeconds(5);

    public static WrapperConfig from(Map<String, String> env) {
        Duration grace = Duration.ofSeconds(integer(env, "CRIK_GRACE_PERIOD_SECONDS", 30, 1));
        Duration derivedTimeout = grace.minus(SHUTDOWN_MARGIN);
        if (derivedTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            derivedTimeout = Duration.ofSeconds(1);
        }
        String timeoutText = value(env, "CRIK_CHECKPOINT_TIMEOUT_SECONDS", "");
        Duration timeout = timeoutText.isEmpty() ? derivedTimeout : seconds("CRIK_CHECKPOINT_TIMEOUT_SECONDS", timeoutText);
        Duration nodeStateTimeout = nodeStateTimeout(env, timeout);

        return new WrapperConfig(
                value(env, "CRIK_CONTAINER_NAME", "app"),
                value(env, "CRIK_POD_NAME", ""),
                value(env, "CRIK_POD_NAMESPACE", ""),
                value(env, "CRIK_POD_UID", ""),
                value(env, "CRIK_NODE_NAME", ""),
                value(env, "CRIK_IMAGE", ""),
                value(env, "CRIK_CHECKPOINT_KEY", ""),
                Path.of(value(env, "CRIK_CHECKPOINT_DIR", "/crik-checkpoints")),
                CheckpointPolicy.Policy.parse(value(env, "CRIK_CHECKPOINT_POLICY", "node-terminating")),
                choice(env, "CRIK_NODE_STATE_UNKNOWN", "checkpoint", "skip"),
                httpUrl("CRIK_NODE_STATE_URL", value(env, "CRIK_NODE_STATE_URL", "")),
                nodeStateTimeout,
                optionalSeconds(env, "CRIK_NODE_STATE_REQUEST_TIMEOUT_SECONDS", Duration.ofSeconds(1)),
                absolutePaths(value(env, "CRIK_PRESERVE_PATHS", "")),
                grace,
                timeout,
                new LinkedHashSet<>(list(value(env, "CRIK_FINGERPRINT_EXCLUDE_ENV", ""))),
                integer(env, "CRIK_MAX_RESTORES", 3, 1),
                choice(env, "CRIK_RESTORE_FAILURE_POLICY", "start-fresh", "fail"));
    }

    /** Returns the query that requests this container's node state from the node-state service. */
    public NodeStateQuery nodeStateQuery() {
        return new NodeStateQuery(nodeStateUrl, nodeName, nodeStateRequestTimeout);
    }

    /**
     * Returns the time limit of a dump that starts {@code elapsed} after the checkpoint request:
     * the checkpoint timeout counts from the request, so time spent on the node-state question is
     * taken off. The result is at least 1 ms.
     */
    public Duration dumpTimeLimit(Duration elapsed) {
        Duration left = checkpointTimeout.minus(elapsed);
        return left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left;
    }

    /** Returns the directory of this container's run-time files, such as its control socket. */
    public Path runDir() {
        return BUNDLE.resolve("run").resolve(containerName);
    }

    public Path controlSocket() {
        return runDir().resolve("control.sock");
    }

    /** Returns "namespace/name" of the pod, or "unknown" when neither CRIK_POD_NAMESPACE nor CRIK_POD_NAME is set. */
    public String podReference() {
        if (podNamespace.isEmpty() && podName.isEmpty()) {
            return "unknown";
        }
        return podNamespace + "/" + podName;
    }

    /** Returns the checkpoint key for log lines, or the container name when no key is set. */
    public String logKey() {
        return checkpointKey.isEmpty() ? containerName : checkpointKey + "/" + containerName;
    }

    /**
     * Returns a log line that explains the fallback of {@link #logKey()} when CRIK_CHECKPOINT_KEY
     * is unset, as when {@code crik run} is started by hand, or empty when the key is set.
     *
     * @param env the environment this configuration was read from, to see whether CRIK_CONTAINER_NAME was set
     */
    public Optional<String> checkpointKeyFallback(Map<String, String> env) {
        if (!checkpointKey.isEmpty()) {
            return Optional.empty();
        }
        String source = value(env, "CRIK_CONTAINER_NAME", "").isEmpty()
                ? "the default container name, because CRIK_CONTAINER_NAME is not set either"
                : "the container name from CRIK_CONTAINER_NAME";
        return Optional.of("CRIK_CHECKPOINT_KEY is not set, so log lines use the fallback key=" + logKey() + ": "
                + source + ". The webhook sets the key in injected pods. Checkpoints are in CRIK_CHECKPOINT_DIR="
                + checkpointDir + " either way");
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static int integer(Map<String, String> env, String name, int fallback, int minimum) {
        String text = value(env, name, "");
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(text);
            if (parsed >= minimum) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + text + " is invalid; set a whole number of at least " + minimum);
    }

    private static Duration seconds(String name, String text) {
        try {
            double seconds = Double.parseDouble(text);
            if (seconds > 0) {
                return Duration.ofNanos((long) (seconds * 1e9));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + text + " is invalid; set a positive number of seconds");
    }

    private static Duration optionalSeconds(Map<String, String> env, String name, Duration fallback) {
        String text = value(env, name, "");
        return text.isEmpty() ? fallback : seconds(name, text);
    }

    /**
     * Returns the time limit of the node-state question: by default a quarter of the checkpoint
     * timeout and at most 5 s, so that most of the shutdown budget stays with the dump. A set value
     * must be below the checkpoint timeout, which also covers the question.
     */
    private static Duration nodeStateTimeout(Map<String, String> env, Duration checkpointTimeout) {
        String name = "CRIK_NODE_STATE_TIMEOUT_SECONDS";
        String text = value(env, name, "");
        if (text.isEmpty()) {
            Duration quarter = checkpointTimeout.dividedBy(4);
            return quarter.compareTo(MAX_DEFAULT_NODE_STATE_TIMEOUT) < 0 ? quarter : MAX_DEFAULT_NODE_STATE_TIMEOUT;
        }
        Duration timeout = seconds(name, text);
        if (timeout.compareTo(checkpointTimeout) >= 0) {
            throw new IllegalArgumentException(name + "=" + text + " is invalid; it must be below the checkpoint timeout of "
                    + checkpointTimeout.toMillis() / 1000.0 + " s (CRIK_CHECKPOINT_TIMEOUT_SECONDS), which includes it");
        }
        return timeout;
    }

    /** Returns the URL, or null when {@code text} is empty; rejects anything but an absolute http or https URL. */
    private static URI httpUrl(String name, String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + text + " is invalid; set an http:// or https:// base URL without"
                + " query, such as http://<service>.<namespace>.svc:8080");
    }

    /** Returns true for the first choice, false for the second, and rejects anything else. */
    private static boolean choice(Map<String, String> env, String name, String first, String second) {
        String text = value(env, name, first);
        if (text.equals(first)) {
            return true;
        }
        if (text.equals(second)) {
            return false;
        }
        throw new IllegalArgumentException(name + "=" + text + " is invalid; use " + first + " or " + second);
    }

    private static List<String> list(String text) {
        List<String> items = new ArrayList<>();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    private static List<Path> absolutePaths(String text) {
        List<Path> paths = new ArrayList<>();
        for (String item : list(text)) {
            Path path = Path.of(item).normalize();
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("CRIK_PRESERVE_PATHS entry " + item + " is not an absolute path");
            }
            paths.add(path);
        }
        return List.copyOf(paths);
    }
}
