package io.crik.wrapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.crik.wrapper.node.NodeStateReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checkpoint decision as PID 1 makes it, for each kind of response and each
 * CRIK_NODE_STATE_UNKNOWN setting. The settings come from the environment, the node state from
 * WireMock on 127.0.0.1 in place of the node-state service.
 */
class NodeStatePolicyTest {

    private static final String GOING_AWAY = """
            {"node":"worker-1","goingAway":true,"reasons":[{"type":"GracefulNodeShutdown",\
            "message":"Ready is False: node is shutting down","since":"2026-12-04T20:00:00Z"}],\
            "since":"2026-12-04T20:00:00Z"}""";
    private static final String NOT_GOING_AWAY = """
            {"node":"worker-1","goingAway":false,"reasons":[],"since":null}""";
    private static final String NOT_SYNCED = """
            {"node":"worker-1","error":"not-synced","message":"node state is not ready"}""";

    private final WireMockServer service = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    @BeforeEach
    void startService() {
        service.start();
    }

    @AfterEach
    void stopService() {
        service.stop();
    }

    /** A kind of response, set up on the service, and what the node state then is. */
    private record Case(String name, Consumer<WireMockServer> setUp, boolean refuseConnections,
            NodeStateReport.State state) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Consumer<WireMockServer> responding(int status, String body) {
        return service -> service.stubFor(get("/nodes/worker-1").willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static final Case[] CASES = {
        new Case("going away", responding(200, GOING_AWAY), false, NodeStateReport.State.GOING_AWAY),
        new Case("healthy", responding(200, NOT_GOING_AWAY), false, NodeStateReport.State.NOT_GOING_AWAY),
        new Case("503 then going away", service -> {
            service.stubFor(get("/nodes/worker-1").inScenario("sync").whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(503).withBody(NOT_SYNCED)).willSetStateTo("synced"));
            service.stubFor(get("/nodes/worker-1").inScenario("sync").whenScenarioStateIs("synced")
                    .willReturn(aResponse().withStatus(200).withBody(GOING_AWAY)));
        }, false, NodeStateReport.State.GOING_AWAY),
        new Case("503 until the time limit", responding(503, NOT_SYNCED), false, NodeStateReport.State.UNKNOWN),
        new Case("timeout", service -> service.stubFor(get("/nodes/worker-1").willReturn(aResponse().withStatus(200)
                .withBody(GOING_AWAY).withFixedDelay(3000))), false, NodeStateReport.State.UNKNOWN),
        new Case("connection refused", service -> { }, true, NodeStateReport.State.UNKNOWN),
        new Case("unknown node", responding(404, "{\"node\":\"worker-1\",\"error\":\"not-found\"}"), false,
                NodeStateReport.State.UNKNOWN),
        new Case("local run", responding(503, "{\"node\":\"worker-1\",\"error\":\"unavailable\"}"), false,
                NodeStateReport.State.UNKNOWN),
    };

    static Stream<Arguments> cases() {
        return Stream.of(CASES).flatMap(c -> Stream.of(Arguments.of(c, "checkpoint"), Arguments.of(c, "skip")));
    }

    @ParameterizedTest(name = "{0}, CRIK_NODE_STATE_UNKNOWN={1}")
    @MethodSource("cases")
    void decision(Case scenario, String fallback) {
        scenario.setUp().accept(service);
        String url = scenario.refuseConnections() ? "http://127.0.0.1:" + closedPort() : "http://127.0.0.1:" + service.port();
        Map<String, String> env = new HashMap<>(Map.of(
                "CRIK_NODE_STATE_URL", url,
                "CRIK_NODE_NAME", "worker-1",
                "CRIK_NODE_STATE_UNKNOWN", fallback,
                "CRIK_NODE_STATE_TIMEOUT_SECONDS", "1.5",
                "CRIK_NODE_STATE_REQUEST_TIMEOUT_SECONDS", "0.3"));
        WrapperConfig config = WrapperConfig.from(env);

        NodeStateReport report = config.nodeStateQuery().ask(config.nodeStateTimeout());
        CheckpointPolicy.Decision decision = CheckpointPolicy.decide(config.checkpointPolicy(), () -> report,
                config.checkpointWhenNodeStateUnknown());

        assertThat(report.state()).as(report.detail()).isEqualTo(scenario.state());
        boolean expected = switch (scenario.state()) {
            case GOING_AWAY -> true;
            case NOT_GOING_AWAY -> false;
            case UNKNOWN -> fallback.equals("checkpoint");
        };
        assertThat(decision.checkpoint()).as(decision.reason()).isEqualTo(expected);
        assertThat(decision.reason()).startsWith("policy is node-terminating");
        if (scenario.state() == NodeStateReport.State.UNKNOWN) {
            assertThat(decision.reason()).endsWith("CRIK_NODE_STATE_UNKNOWN=" + fallback);
        }
    }

    @Test
    void alwaysPolicySendsNoRequest() {
        responding(200, NOT_GOING_AWAY).accept(service);
        WrapperConfig config = WrapperConfig.from(Map.of(
                "CRIK_CHECKPOINT_POLICY", "always",
                "CRIK_NODE_STATE_URL", "http://127.0.0.1:" + service.port(),
                "CRIK_NODE_NAME", "worker-1",
                "CRIK_NODE_STATE_UNKNOWN", "skip"));

        CheckpointPolicy.Decision decision = CheckpointPolicy.decide(config.checkpointPolicy(),
                () -> config.nodeStateQuery().ask(config.nodeStateTimeout()), config.checkpointWhenNodeStateUnknown());

        assertThat(decision.checkpoint()).isTrue();
        assertThat(decision.reason()).isEqualTo("policy is always");
        assertThat(service.getAllServeEvents()).isEmpty();
    }

    @Test
    void nodeTerminatingPolicySendsRequest() {
        responding(200, NOT_GOING_AWAY).accept(service);
        WrapperConfig config = WrapperConfig.from(Map.of(
                "CRIK_NODE_STATE_URL", "http://127.0.0.1:" + service.port(),
                "CRIK_NODE_NAME", "worker-1"));

        CheckpointPolicy.Decision decision = CheckpointPolicy.decide(config.checkpointPolicy(),
                () -> config.nodeStateQuery().ask(config.nodeStateTimeout()), config.checkpointWhenNodeStateUnknown());

        assertThat(decision.checkpoint()).isFalse();
        assertThat(service.getAllServeEvents()).hasSize(1);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
