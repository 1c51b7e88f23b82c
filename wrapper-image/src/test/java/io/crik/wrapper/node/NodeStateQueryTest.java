package io.crik.wrapper.node;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node-state query against WireMock on the loopback interface, standing in for the webhook. */
class NodeStateQueryTest {

    static final String GOING_AWAY_BODY = """
            {"node":"worker-1","goingAway":true,"reasons":[{"type":"DisruptionTaint",\
            "message":"taint aws-node-termination-handler/spot-itn:NoSchedule","since":"2026-12-04T20:00:00Z"}],\
            "since":"2026-12-04T20:00:00Z"}""";
    static final String NOT_GOING_AWAY_BODY = """
            {"node":"worker-1","goingAway":false,"reasons":[],"since":null}""";
    static final String NOT_SYNCED_BODY = """
            {"node":"worker-1","error":"not-synced","message":"node state is not ready: the node cache has not listed \
            the Nodes from the Kubernetes API yet; retry in a moment"}""";

    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(300);
    private static final Duration TIME_LIMIT = Duration.ofMillis(1500);

    private final WireMockServer service = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    @BeforeEach
    void startService() {
        service.start();
    }

    @AfterEach
    void stopService() {
        service.stop();
    }

    /** Returns the service's URL with its IP address, because it listens on 127.0.0.1 only. */
    private String baseUrl() {
        return "http://127.0.0.1:" + service.port();
    }

    private NodeStateQuery query(String node) {
        return new NodeStateQuery(URI.create(baseUrl()), node, REQUEST_TIMEOUT);
    }

    private void respond(int status, String body) {
        service.stubFor(get("/nodes/worker-1").willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private int requests() {
        return service.countRequestsMatching(getRequestedFor(urlEqualTo("/nodes/worker-1")).build()).getCount();
    }

    @Test
    void goingAwayNode() {
        respond(200, GOING_AWAY_BODY);

        NodeStateReport report = query("worker-1").ask(TIME_LIMIT);

        assertThat(report.state()).isEqualTo(NodeStateReport.State.GOING_AWAY);
        assertThat(report.detail()).startsWith("node worker-1 is going away: DisruptionTaint (taint"
                + " aws-node-termination-handler/spot-itn:NoSchedule), since 2026-12-04T20:00:00Z; 1 request in ");
        assertThat(requests()).isEqualTo(1);
        service.verify(getRequestedFor(urlEqualTo("/nodes/worker-1")).withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void healthyNode() {
        respond(200, NOT_GOING_AWAY_BODY);

        NodeStateReport report = query("worker-1").ask(TIME_LIMIT);

        assertThat(report.state()).isEqualTo(NodeStateReport.State.NOT_GOING_AWAY);
        assertThat(report.detail()).startsWith("node worker-1 is not going away; 1 request in ");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void notSyncedThenGoingAway() {
        service.stubFor(get("/nodes/worker-1").inScenario("sync").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1").withBody(NOT_SYNCED_BODY))
                .willSetStateTo("synced"));
        service.stubFor(get("/nodes/worker-1").inScenario("sync").whenScenarioStateIs("synced")
                .willReturn(aResponse().withStatus(200).withBody(GOING_AWAY_BODY)));

        NodeStateReport report = query("worker-1").ask(Duration.ofSeconds(10));

        assertThat(report.state()).isEqualTo(NodeStateReport.State.GOING_AWAY);
        assertThat(report.detail()).contains("; 2 requests in ");
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void notSyncedUntilTimeLimit() {
        respond(503, NOT_SYNCED_BODY);

        NodeStateReport report = query("worker-1").ask(TIME_LIMIT);

        assertThat(report.state()).isEqualTo(NodeStateReport.State.UNKNOWN);
        assertThat(report.detail()).startsWith("no answer from " + baseUrl() + "/nodes/worker-1 within 1500 ms")
                .contains("the last one: HTTP 503: node state is not ready");
        assertThat(requests()).isGreaterThan(1);
    }

    @Test
    void slowServiceTimesOut() {
        service.stubFor(get("/nodes/worker-1").willReturn(aResponse().withStatus(200).withBody(GOING_AWAY_BODY)
                .withFixedDelay(3000)));

        NodeStateReport report = query("worker-1").ask(TIME_LIMIT);

        assertThat(report.state()).isEqualTo(NodeStateReport.State.UNKNOWN);
        assertThat(report.detail()).contains("no answer from").contains("SocketTimeoutException");
        assertThat(requests()).isGreaterThan(1);
    }

    @Test
    void refusedConnection() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        NodeStateQuery query = new NodeStateQuery(URI.create("http://127.0.0.1:" + closedPort), "worker-1", REQUEST_TIMEOUT);

        NodeStateReport report = query.ask(TIME_LIMIT);

        assertThat(report.state()).isEqualTo(NodeStateReport.State.UNKNOWN);
        assertThat(report.detail()).contains("no answer from http://127.0.0.1:" + closedPort + "/nodes/worker-1")
                .contains("ConnectException");
    }

    @Test
    void resetConnectionIsRetried() {
        service.stubFor(get("/nodes/worker-1").inScenario("reset").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("up"));
        service.stubFor(get("/nodes/worker-1").inScenario("reset").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody(NOT_GOING_AWAY_BODY)));

        NodeStateReport report = query("worker-1").ask(Duration.ofSeconds(10));

        assertThat(report.state()).isEqualTo(NodeStateReport.State.NOT_GOING_AWAY);
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void unknownNodeIsNotRetried() {
        respond(404, """
                {"node":"worker-1","error":"not-found","message":"node \\"worker-1\\" not found"}""");

        NodeStateReport report = query("worker-1").ask(TIME_LIMIT);

        assertThat(report.state()).isEqualTo(NodeStateReport.State.UNKNOWN);
        assertThat(report.detail()).startsWith("the node-state service does not know node worker-1 (HTTP 404: node"
                + " \"worker-1\" not found)");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void unavailableServiceIsNotRetried() {
        respond(503, """
                {"node":"worker-1","error":"unavailable","message":"node state is unavailable: local run"}""");

        NodeStateReport report = query("worker-1").ask(TIME_LIMIT);

        assertThat(report.state()).isEqualTo(NodeStateReport.State.UNKNOWN);
        assertThat(report.detail()).startsWith("the node-state service has no node state (HTTP 503");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void invalidBodyIsUnknown() {
        respond(200, "<html>a proxy page</html>");

        NodeStateReport report = query("worker-1").ask(TIME_LIMIT);

        assertThat(report.state()).isEqualTo(NodeStateReport.State.UNKNOWN);
        assertThat(report.detail()).contains("without a boolean goingAway field: <html>a proxy page</html>");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void baseUrlPathIsKept() {
        service.stubFor(get("/crik/nodes/worker-1").willReturn(aResponse().withStatus(200).withBody(NOT_GOING_AWAY_BODY)));

        NodeStateReport report = new NodeStateQuery(URI.create(baseUrl() + "/crik/"), "worker-1", REQUEST_TIMEOUT)
                .ask(TIME_LIMIT);

        assertThat(report.state()).isEqualTo(NodeStateReport.State.NOT_GOING_AWAY);
    }

    @Test
    void missingSettingsSendNothing() {
        respond(200, GOING_AWAY_BODY);

        NodeStateReport noNode = query("").ask(TIME_LIMIT);
        NodeStateReport noUrl = new NodeStateQuery(null, "worker-1", REQUEST_TIMEOUT).ask(TIME_LIMIT);

        assertThat(noNode.state()).isEqualTo(NodeStateReport.State.UNKNOWN);
        assertThat(noNode.detail()).isEqualTo("CRIK_NODE_NAME is not set");
        assertThat(noUrl.state()).isEqualTo(NodeStateReport.State.UNKNOWN);
        assertThat(noUrl.detail()).isEqualTo("CRIK_NODE_STATE_URL is not set");
        assertThat(service.getAllServeEvents()).isEmpty();
    }
}
