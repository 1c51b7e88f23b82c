package io.crik.wrapper.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.wrapper.node.NodeStateReply.Outcome;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How each HTTP response of the node-state service is read: use it, give up, or repeat the request. */
class NodeStateReplyTest {

    static Stream<Arguments> responses() {
        return Stream.of(
                Arguments.of(200, NodeStateQueryTest.GOING_AWAY_BODY, Outcome.GOING_AWAY,
                        "node worker-1 is going away: DisruptionTaint (taint aws-node-termination-handler/spot-itn"
                                + ":NoSchedule), since 2026-12-04T20:00:00Z"),
                Arguments.of(200, "{\"goingAway\":true}", Outcome.GOING_AWAY, "node worker-1 is going away"),
                Arguments.of(200, NodeStateQueryTest.NOT_GOING_AWAY_BODY, Outcome.NOT_GOING_AWAY,
                        "node worker-1 is not going away"),
                Arguments.of(200, "{\"goingAway\":\"yes\"}", Outcome.UNKNOWN,
                        "the node-state service returned HTTP 200 without a boolean goingAway field: {\"goingAway\":\"yes\"}"),
                Arguments.of(200, "", Outcome.UNKNOWN, "the node-state service returned HTTP 200 without a boolean goingAway"
                        + " field: "),
                Arguments.of(404, "{\"error\":\"not-found\",\"message\":\"node \\\"worker-1\\\" not found\"}", Outcome.UNKNOWN,
                        "the node-state service does not know node worker-1 (HTTP 404: node \"worker-1\" not found)"),
                Arguments.of(404, "404 page not found\n", Outcome.UNKNOWN,
                        "the node-state service does not know node worker-1 (HTTP 404: 404 page not found)"),
                Arguments.of(503, NodeStateQueryTest.NOT_SYNCED_BODY, Outcome.RETRY, "HTTP 503: node state is not ready:"
                        + " the node cache has not listed the Nodes from the Kubernetes API yet; retry in a moment"),
                Arguments.of(503, "{\"error\":\"unavailable\",\"message\":\"node state is unavailable: local run\"}",
                        Outcome.UNKNOWN, "the node-state service has no node state (HTTP 503: node state is unavailable:"
                                + " local run)"),
                Arguments.of(503, "no healthy upstream", Outcome.RETRY, "HTTP 503: no healthy upstream"),
                Arguments.of(500, "", Outcome.RETRY, "HTTP 500"),
                Arguments.of(502, "Bad Gateway", Outcome.RETRY, "HTTP 502: Bad Gateway"),
                Arguments.of(429, "", Outcome.RETRY, "HTTP 429"),
                Arguments.of(408, "", Outcome.RETRY, "HTTP 408"),
                Arguments.of(403, "Forbidden", Outcome.UNKNOWN,
                        "unexpected response from the node-state service (HTTP 403: Forbidden)"),
                Arguments.of(301, "", Outcome.UNKNOWN, "unexpected response from the node-state service (HTTP 301)"));
    }

    @ParameterizedTest(name = "HTTP {0}: {1}")
    @MethodSource("responses")
    void readsResponse(int status, String body, Outcome outcome, String detail) {
        NodeStateReply reply = NodeStateReply.of("worker-1", status, body);

        assertThat(reply.outcome()).isEqualTo(outcome);
        assertThat(reply.detail()).isEqualTo(detail);
    }

    @ParameterizedTest(name = "HTTP {0}: {1}")
    @MethodSource("responses")
    void detailIsOneLine(int status, String body, Outcome outcome, String detail) {
        assertThat(NodeStateReply.of("worker-1", status, body + "\nsecond line").detail()).doesNotContain("\n");
    }
}
