package io.crik.webhook.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crik.webhook.config.PlainHttpConnector;
import io.crik.webhook.testing.AdmissionReviews;
import io.crik.webhook.testing.MockApiServers;
import io.crik.webhook.testing.TestCertificates;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /nodes/{name}} of the running webhook, over real HTTP on a random loopback port,
 * with its node informer on fabric8's KubernetesMockServer in CRUD mode.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NodeStateEndpointTest {

  private static final TestCertificates CERTIFICATES = TestCertificates.create();
  private static final KubernetesMockServer API_SERVER = MockApiServers.startCrud();

  @TestConfiguration
  static class MockApiServerClient {
    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient() {
      return API_SERVER.createClient();
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("server.ssl.certificate", CERTIFICATES::certificateLocation);
    registry.add("server.ssl.certificate-private-key", CERTIFICATES::privateKeyLocation);
    registry.add("crik.webhook.plain-port", () -> "0");
    registry.add("crik.webhook.events.enabled", () -> "false");
  }

  @AfterAll
  static void stopApiServer() {
    API_SERVER.destroy();
  }

  @LocalServerPort
  private int httpsPort;

  @Autowired
  private PlainHttpConnector plainConnector;

  @Autowired
  private KubernetesClient client;

  @Autowired
  private NodeStateLookup lookup;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void createNodes() {
    createNode(new NodeBuilder().withNewMetadata().withName("worker-ready").endMetadata()
        .withNewStatus().addToConditions(new NodeConditionBuilder().withType("Ready").withStatus("True")
            .withReason("KubeletReady").withMessage("kubelet is posting ready status").build()).endStatus());
    createNode(new NodeBuilder().withNewMetadata().withName("worker-spot").endMetadata()
        .withNewSpec().addToTaints(new TaintBuilder().withKey("aws-node-termination-handler/spot-itn")
            .withValue("i-0123456789abcdef0").withEffect("NoSchedule").withTimeAdded("2026-12-04T20:00:00Z").build())
        .endSpec()
        .withNewStatus().addToConditions(new NodeConditionBuilder().withType("Ready").withStatus("False")
            .withReason("KubeletNotReady").withMessage("node is shutting down")
            .withLastTransitionTime("2026-12-04T20:00:10Z").build()).endStatus());
  }

  /** Creates or replaces the Node and waits until the webhook's cache has it. */
  private void createNode(NodeBuilder node) {
    String name = node.buildMetadata().getName();
    client.nodes().resource(node.build()).createOr(NonDeletingOperation::update);
    await().atMost(Duration.ofSeconds(10)).until(() -> lookup.lookup(name).kind() == NodeStateAnswer.Kind.KNOWN);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + plainConnector.localPort() + path);
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static double counter(String metrics, String answer) {
    Matcher matcher = Pattern.compile("^crik_node_state_requests_total\\{[^}]*answer=\"" + answer + "\"[^}]*} (\\S+)$",
        Pattern.MULTILINE).matcher(metrics);
    assertThat(matcher.find()).as("crik_node_state_requests_total{answer=%s} in\n%s", answer, metrics).isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  @Test
  void readyNodeIsNotGoingAway() throws Exception {
    HttpResponse<String> response = get("/nodes/worker-ready");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/json"));
    JsonNode body = AdmissionReviews.parse(response.body());
    assertThat(body.path("node").asString()).isEqualTo("worker-ready");
    assertThat(body.path("goingAway").isBoolean()).isTrue();
    assertThat(body.path("goingAway").asBoolean()).isFalse();
    assertThat(body.path("reasons").isArray()).isTrue();
    assertThat(body.path("reasons").size()).isZero();
    assertThat(body.has("since")).isTrue();
    assertThat(body.path("since").isNull()).isTrue();
  }

  @Test
  void shuttingDownNodeIsGoingAway() throws Exception {
    HttpResponse<String> response = get("/nodes/worker-spot");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = AdmissionReviews.parse(response.body());
    assertThat(body.path("goingAway").asBoolean()).isTrue();
    assertThat(body.path("since").asString()).isEqualTo("2026-12-04T20:00:00Z");
    JsonNode reasons = body.path("reasons");
    assertThat(reasons.size()).isEqualTo(2);
    assertThat(reasons.path(0).path("type").asString()).isEqualTo("DisruptionTaint");
    assertThat(reasons.path(0).path("message").asString())
        .isEqualTo("taint aws-node-termination-handler/spot-itn=i-0123456789abcdef0:NoSchedule");
    assertThat(reasons.path(0).path("since").asString()).isEqualTo("2026-12-04T20:00:00Z");
    assertThat(reasons.path(1).path("type").asString()).isEqualTo("GracefulNodeShutdown");
    assertThat(reasons.path(1).path("message").asString()).isEqualTo("Ready is False: node is shutting down");
    assertThat(Instant.parse(reasons.path(1).path("since").asString())).isEqualTo("2026-12-04T20:00:10Z");
  }

  @Test
  void updatedNodeChangesResponse() throws Exception {
    createNode(new NodeBuilder().withNewMetadata().withName("worker-late").endMetadata());
    assertThat(AdmissionReviews.parse(get("/nodes/worker-late").body()).path("goingAway").asBoolean()).isFalse();

    client.nodes().withName("worker-late").edit(node -> new NodeBuilder(node).editOrNewSpec()
        .addToTaints(new TaintBuilder().withKey("cloud.google.com/impending-node-termination").withEffect("NoSchedule")
            .build()).endSpec().build());

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(AdmissionReviews.parse(get("/nodes/worker-late").body()).path("goingAway").asBoolean()).isTrue());
  }

  @Test
  void unknownNodeIsNotFound() throws Exception {
    HttpResponse<String> response = get("/nodes/worker-unknown");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/json"));
    JsonNode body = AdmissionReviews.parse(response.body());
    assertThat(body.path("node").asString()).isEqualTo("worker-unknown");
    assertThat(body.path("error").asString()).isEqualTo("not-found");
    assertThat(body.path("message").asString()).contains("\"worker-unknown\" not found");
    assertThat(response.headers().firstValue("Retry-After")).isEmpty();
  }

  @Test
  void requestsAreCountedByAnswer() throws Exception {
    String before = get("/actuator/prometheus").body();

    get("/nodes/worker-spot");
    get("/nodes/worker-ready");
    get("/nodes/worker-ready");
    get("/nodes/worker-unknown");
    String after = get("/actuator/prometheus").body();

    assertThat(counter(after, "going-away") - counter(before, "going-away")).isEqualTo(1.0);
    assertThat(counter(after, "not-going-away") - counter(before, "not-going-away")).isEqualTo(2.0);
    assertThat(counter(after, "not-found") - counter(before, "not-found")).isEqualTo(1.0);
    assertThat(counter(after, "not-synced")).isZero();
    assertThat(after).containsPattern("(?m)^crik_nodes_going_away\\{[^}]*} [1-9]");
  }

  @Test
  void readinessIncludesNodeCache() throws Exception {
    HttpResponse<String> response = get("/actuator/health/readiness");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode nodeCache = AdmissionReviews.parse(response.body()).path("components").path("nodeStateCache");
    assertThat(nodeCache.path("status").asString()).isEqualTo("UP");
    assertThat(nodeCache.path("details").path("synced").asBoolean()).isTrue();
  }

  @Test
  void httpsPortDoesNotServeNodeState() throws Exception {
    HttpClient https = HttpClient.newBuilder().sslContext(CERTIFICATES.trustingContext()).build();

    HttpResponse<String> response = https.send(HttpRequest.newBuilder(
        URI.create("https://localhost:" + httpsPort + "/nodes/worker-ready")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).doesNotContain("goingAway");
  }
}
