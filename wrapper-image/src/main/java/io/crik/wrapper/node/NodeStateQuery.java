package io.crik.wrapper.node;

import io.crik.wrapper.Counts;
import io.crik.wrapper.Log;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Requests the state of this container's node from the node-state service, and repeats the
 * request while the service cannot respond yet, until the time limit runs out. Each request gets
 * at most the request timeout and never more than what is left of the time limit.
 */
public final class NodeStateQuery {

    /** Pause before the second request; it doubles after each further failure, up to {@link #MAX_RETRY_DELAY}. */
    static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(250);
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(1);

    private final URI baseUrl;
    private final String node;
    private final Duration requestTimeout;

    /**
     * @param baseUrl the service's base URL (CRIK_NODE_STATE_URL), or null when unset
     * @param node the node name (CRIK_NODE_NAME), or empty when unset
     */
    public NodeStateQuery(URI baseUrl, String node, Duration requestTimeout) {
        this.baseUrl = baseUrl;
        this.node = node;
        this.requestTimeout = requestTimeout;
    }

    /** Returns whether the query can send a request at all, that is whether the URL and the node name are set. */
    public boolean configured() {
        return baseUrl != null && !node.isEmpty();
    }

    /** Returns where the request goes, for progress messages. */
    public String target() {
        return configured() ? NodeStateClient.nodeUrl(baseUrl, node).toString() : "(not configured)";
    }

    /** Sends requests until the service responds with a usable result or {@code timeLimit} has passed. */
    public NodeStateReport ask(Duration timeLimit) {
        if (baseUrl == null) {
            return NodeStateReport.unknown("CRIK_NODE_STATE_URL is not set");
        }
        if (node.isEmpty()) {
            return NodeStateReport.unknown("CRIK_NODE_NAME is not set");
        }
        NodeStateClient client = new NodeStateClient(baseUrl, node);
        long started = System.nanoTime();
        long deadline = started + timeLimit.toNanos();
        Duration delay = FIRST_RETRY_DELAY;
        String lastProblem = "no request was sent";
        for (int attempt = 1; ; attempt++) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                return NodeStateReport.unknown("no answer from " + client.url() + " within " + millis(timeLimit)
                        + " ms after " + Counts.of(attempt - 1, "request", "requests") + "; the last one: " + lastProblem);
            }
            NodeStateReply reply = send(client, left.compareTo(requestTimeout) < 0 ? left : requestTimeout);
            String took = Counts.of(attempt, "request", "requests") + " in "
                    + millis(Duration.ofNanos(System.nanoTime() - started)) + " ms";
            switch (reply.outcome()) {
                case GOING_AWAY:
                    return new NodeStateReport(NodeStateReport.State.GOING_AWAY, reply.detail() + "; " + took);
                case NOT_GOING_AWAY:
                    return new NodeStateReport(NodeStateReport.State.NOT_GOING_AWAY, reply.detail() + "; " + took);
                case UNKNOWN:
                    return NodeStateReport.unknown(reply.detail() + "; " + took);
                default:
                    break;
            }
            lastProblem = reply.detail();
            Duration pause = shorter(delay, Duration.ofNanos(deadline - System.nanoTime()));
            if (pause.isNegative() || pause.isZero()) {
                continue;
            }
            Log.warn("node-state request %d to %s failed: %s; retrying in %d ms", attempt, client.url(), lastProblem,
                    millis(pause));
            if (!sleep(pause)) {
                return NodeStateReport.unknown("interrupted while waiting for the node-state service; the last"
                        + " request: " + lastProblem);
            }
            delay = shorter(delay.multipliedBy(2), MAX_RETRY_DELAY);
        }
    }

    private static NodeStateReply send(NodeStateClient client, Duration timeout) {
        try {
            NodeStateClient.Response response = client.get(timeout);
            return NodeStateReply.of(client.nodeName(), response.status(), response.body());
        } catch (IOException e) {
            return new NodeStateReply(NodeStateReply.Outcome.RETRY, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis(), pause.toNanosPart() % 1_000_000);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static long millis(Duration duration) {
        return duration.toMillis();
    }
}
