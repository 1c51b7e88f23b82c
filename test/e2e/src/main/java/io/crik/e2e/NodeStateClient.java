package io.crik.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the webhook's node-state service ({@code GET /nodes/{name}}) as a wrapper does. */
final class NodeStateClient {

    /** What the service reports about a node. */
    enum Report {
        GOING_AWAY,
        NOT_GOING_AWAY,
        /** Not known yet: the node is missing from the webhook's cache, or the cache has not synced. */
        UNKNOWN
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    NodeStateClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Report report(String node) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/nodes/" + node))
                .timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + request.uri(), e);
        }
        JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() == 200) {
            return body.path("goingAway").asBoolean() ? Report.GOING_AWAY : Report.NOT_GOING_AWAY;
        }
        boolean notKnownYet = body.path("error").asString("").equals("not-found")
                || body.path("error").asString("").equals("not-synced");
        if (notKnownYet) {
            return Report.UNKNOWN;
        }
        throw new IllegalStateException("GET " + request.uri() + " returned HTTP " + response.statusCode() + ": "
                + response.body());
    }

    /**
     * Waits until the service reports the node as {@code expected}.
     *
     * @throws IllegalStateException when the report does not match within the timeout, or the
     *     service responds with anything but a node state or "not known yet"
     */
    void await(String node, Report expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Report last = report(node);
        while (last != expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node state of " + node + " is " + last + " after " + timeout
                        + ", expected " + expected);
            }
            sleep();
            last = report(node);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
