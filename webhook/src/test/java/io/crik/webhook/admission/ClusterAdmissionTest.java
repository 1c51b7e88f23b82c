package io.crik.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crik.webhook.config.PlainHttpConnector;
import io.crik.webhook.image.RegistryCredentials;
import io.crik.webhook.kubernetes.NamespaceLookup;
import io.crik.webhook.testing.AdmissionReviews;
import io.crik.webhook.testing.FakeRegistry;
import io.crik.webhook.testing.MockApiServers;
import io.crik.webhook.testing.TestCertificates;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.zjsonpatch.JsonPatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * The webhook against fabric8's KubernetesMockServer in CRUD mode: namespace labels through the
 * informer, PodSecurity levels, Events on the pod's owner, and image pull secrets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClusterAdmissionTest {

  private static final TestCertificates CERTIFICATES = TestCertificates.create();
  private static final FakeRegistry REGISTRY = new FakeRegistry();
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
    registry.add("crik.webhook.default-checkpoint-claim", () -> "shared-checkpoints");
    registry.add("crik.webhook.registry.use-pull-secrets", () -> "true");
    registry.add("crik.webhook.registry.endpoints[0].registry", REGISTRY::host);
    registry.add("crik.webhook.registry.endpoints[0].url", REGISTRY::url);
    registry.add("crik.webhook.events.min-interval", () -> "10m");
  }

  @AfterAll
  static void stopServers() {
    REGISTRY.close();
    API_SERVER.destroy();
  }

  @LocalServerPort
  private int httpsPort;

  @Autowired
  private PlainHttpConnector plainConnector;

  @Autowired
  private KubernetesClient client;

  @Autowired
  private NamespaceLookup namespaces;

  private final HttpClient https = HttpClient.newBuilder().sslContext(CERTIFICATES.trustingContext()).build();

  @BeforeEach
  void createNamespaces() {
    createNamespace("opted-in", Map.of("crik.io/enabled", "true"));
    createNamespace("baseline", Map.of("pod-security.kubernetes.io/enforce", "baseline", "crik.io/enabled", "true"));
    createNamespace("privileged", Map.of("pod-security.kubernetes.io/enforce", "privileged"));
    createNamespace("plain", Map.of());
  }

  /** Creates or updates the namespace and waits until the webhook's cache has seen it. */
  private void createNamespace(String name, Map<String, String> labels) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
        .endMetadata().build()).createOr(NonDeletingOperation::update);
    await().atMost(Duration.ofSeconds(10)).until(() -> namespaces.lookup(name).known()
        && namespaces.lookup(name).labels().equals(labels));
  }

  private String readiness() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + plainConnector.localPort() + "/actuator/health/readiness")).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  private JsonNode admit(JsonNode pod, String namespace, boolean dryRun) throws Exception {
    ObjectNode review = AdmissionReviews.createRequest(pod, namespace, dryRun);
    HttpResponse<String> response = https.send(HttpRequest.newBuilder(
            URI.create("https://localhost:" + httpsPort + "/mutate"))
        .POST(HttpRequest.BodyPublishers.ofString(review.toString())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return AdmissionReviews.parse(response.body());
  }

  private static ObjectNode podOwnedBy(String owner) {
    ObjectNode pod = (ObjectNode) AdmissionReviews.podFromResource("/pods/namespace-opted.yaml");
    ObjectNode reference = (ObjectNode) pod.path("metadata").path("ownerReferences").path(0);
    reference.put("name", owner);
    ((ObjectNode) pod.path("metadata")).put("generateName", owner + "-");
    return pod;
  }

  private List<Event> events(String namespace, String involvedName) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(event -> involvedName.equals(event.getInvolvedObject().getName()))
        .toList();
  }

  @Test
  void readinessReportsSyncedCache() throws Exception {
    assertThat(readiness()).contains("\"status\":\"UP\"").contains("\"synced\":true");
  }

  @Test
  void namespaceLabelOptsPodIn() throws Exception {
    JsonNode pod = podOwnedBy("worker-a");

    JsonNode response = admit(pod, "opted-in", false).path("response");

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("patchType").asString()).isEqualTo("JSONPatch");
  }

  @Test
  void podInUnlabelledNamespaceIsSkipped() throws Exception {
    JsonNode response = admit(podOwnedBy("worker-b"), "plain", false).path("response");

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("patch")).isFalse();
    assertThat(response.has("warnings")).isFalse();
  }

  @Test
  void labelChangeReachesCache() throws Exception {
    createNamespace("late", Map.of());
    JsonNode before = admit(podOwnedBy("worker-c"), "late", true).path("response");

    client.namespaces().withName("late").edit(namespace -> new NamespaceBuilder(namespace).editMetadata()
        .addToLabels("crik.io/enabled", "true").endMetadata().build());

    assertThat(before.has("patch")).isFalse();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(admit(podOwnedBy("worker-c"), "late", true).path("response").has("patch")).isTrue());
  }

  @Test
  void baselineNamespaceDeniesExplicitPod() throws Exception {
    ObjectNode pod = podOwnedBy("worker-d");
    ((ObjectNode) pod.path("metadata").path("annotations")).put("crik.io/enabled", "true");

    JsonNode response = admit(pod, "baseline", false).path("response");

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("message").asString())
        .contains("namespace \"baseline\" enforces the PodSecurity level \"baseline\"");
  }

  @Test
  void baselineNamespaceAdmitsNamespaceOptedPodWithWarning() throws Exception {
    JsonNode response = admit(podOwnedBy("worker-e"), "baseline", false).path("response");

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("patch")).isFalse();
    assertThat(response.path("warnings").path(0).asString())
        .startsWith("crik: not injected: pod baseline/worker-e-*: namespace \"baseline\" enforces the PodSecurity level");
  }

  @Test
  void privilegedNamespaceWithoutOptInNeedsAnnotation() throws Exception {
    ObjectNode pod = podOwnedBy("worker-f");
    ((ObjectNode) pod.path("metadata").path("annotations")).put("crik.io/enabled", "true");

    JsonNode response = admit(pod, "privileged", false).path("response");

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("patch")).isTrue();
    assertThat(response.has("warnings")).isFalse();
  }

  @Test
  void injectionCreatesEventOnOwner() throws Exception {
    admit(podOwnedBy("worker-g"), "opted-in", false);

    await().atMost(Duration.ofSeconds(10)).until(() -> !events("opted-in", "worker-g").isEmpty());
    Event event = events("opted-in", "worker-g").get(0);
    assertThat(event.getReason()).isEqualTo("CrikInjected");
    assertThat(event.getType()).isEqualTo("Normal");
    assertThat(event.getInvolvedObject().getKind()).isEqualTo("ReplicaSet");
    assertThat(event.getMessage()).contains("container(s) worker").contains("checkpoint key worker");
  }

  @Test
  void denialCreatesWarningEvent() throws Exception {
    ObjectNode pod = podOwnedBy("worker-h");
    ((ObjectNode) pod.path("metadata").path("annotations")).put("crik.io/enabled", "true");
    admit(pod, "baseline", false);

    await().atMost(Duration.ofSeconds(10)).until(() -> !events("baseline", "worker-h").isEmpty());
    Event event = events("baseline", "worker-h").get(0);
    assertThat(event.getReason()).isEqualTo("CrikDenied");
    assertThat(event.getType()).isEqualTo("Warning");
  }

  @Test
  void dryRunCreatesNoEvent() throws Exception {
    admit(podOwnedBy("worker-dry"), "opted-in", true);
    admit(podOwnedBy("worker-wet"), "opted-in", false);

    // Events are created in order on one thread, so once the second one exists the first would too.
    await().atMost(Duration.ofSeconds(10)).until(() -> !events("opted-in", "worker-wet").isEmpty());
    assertThat(events("opted-in", "worker-dry")).isEmpty();
  }

  @Test
  void repeatedDecisionsAreRateLimited() throws Exception {
    admit(podOwnedBy("worker-many"), "opted-in", false);
    admit(podOwnedBy("worker-many"), "opted-in", false);
    admit(podOwnedBy("worker-many"), "opted-in", false);
    admit(podOwnedBy("worker-after"), "opted-in", false);

    await().atMost(Duration.ofSeconds(10)).until(() -> !events("opted-in", "worker-after").isEmpty());
    assertThat(events("opted-in", "worker-many")).hasSize(1);
  }

  @Test
  void pullSecretAuthenticatesRegistry() throws Exception {
    RegistryCredentials credentials = new RegistryCredentials("robot", "pull-pass");
    REGISTRY.requireBearerToken(credentials.basicAuthorization());
    String config = REGISTRY.config("private/app", List.of("/private-entrypoint"), List.of("--serve"), null);
    REGISTRY.tag("private/app", "1", REGISTRY.manifest("private/app", config, FakeRegistry.OCI_MANIFEST));
    String dockerConfig = "{\"auths\":{\"" + REGISTRY.host() + "\":{\"auth\":\"" + Base64.getEncoder()
        .encodeToString("robot:pull-pass".getBytes(StandardCharsets.UTF_8)) + "\"}}}";
    client.secrets().inNamespace("opted-in").resource(new SecretBuilder().withNewMetadata().withName("regcred")
        .endMetadata().withType("kubernetes.io/dockerconfigjson")
        .withData(Map.of(".dockerconfigjson", Base64.getEncoder().encodeToString(
            dockerConfig.getBytes(StandardCharsets.UTF_8)))).build()).createOr(NonDeletingOperation::update);
    ObjectNode pod = podOwnedBy("private");
    ObjectNode container = (ObjectNode) pod.path("spec").path("containers").path(0);
    container.remove("command");
    container.put("image", REGISTRY.host() + "/private/app:1");
    ((ObjectNode) pod.path("spec")).putArray("imagePullSecrets").addObject().put("name", "regcred");

    JsonNode review = admit(pod, "opted-in", true);
    JsonNode patched = JsonPatch.apply(AdmissionReviews.decodedPatch(review), pod);

    assertThat(patched.path("spec").path("containers").path(0).path("command").valueStream().map(JsonNode::asString))
        .containsExactly("/crik/bin/crik", "run", "--", "/private-entrypoint", "--serve");

    // The config read with the secret stays in the cache, but only for pods that name the secret.
    ObjectNode withoutSecret = pod.deepCopy();
    ((ObjectNode) withoutSecret.path("spec")).remove("imagePullSecrets");
    JsonNode uninjected = admit(withoutSecret, "opted-in", true);

    assertThat(uninjected.path("response").path("allowed").asBoolean()).isTrue();
    assertThat(uninjected.path("response").has("patch")).as(uninjected.toString()).isFalse();
    assertThat(uninjected.path("response").path("warnings").toString())
        .contains(REGISTRY.host() + "/private/app:1").contains("without credentials");
  }
}
