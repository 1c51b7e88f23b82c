package io.crik.webhook.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.webhook.config.PlainHttpConnector;
import io.crik.webhook.testing.AdmissionReviews;
import io.crik.webhook.testing.TestCertificates;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /nodes/{name}} before the node informer has synced: the mock API server has no
 * expectation for the Node list, so every list fails and the informer keeps retrying.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NodeStateBeforeSyncTest {

  private static final TestCertificates CERTIFICATES = TestCertificates.create();
  private static final KubernetesMockServer API_SERVER = startApiServer();

  private static KubernetesMockServer startApiServer() {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    return server;
  }

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

  @Autowired
  private PlainHttpConnector plainConnector;

  private HttpResponse<String> get(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + plainConnector.localPort() + path);
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void nodeStateIsNotSynced() throws Exception {
    HttpResponse<String> response = get("/nodes/worker-1");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    JsonNode body = AdmissionReviews.parse(response.body());
    assertThat(body.path("node").asString()).isEqualTo("worker-1");
    assertThat(body.path("error").asString()).isEqualTo("not-synced");
    assertThat(body.path("message").asString()).contains("has not listed the Nodes");
  }

  @Test
  void readinessIsDownBeforeSync() throws Exception {
    HttpResponse<String> response = get("/actuator/health/readiness");

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode nodeCache = AdmissionReviews.parse(response.body()).path("components").path("nodeStateCache");
    assertThat(nodeCache.path("status").asString()).isEqualTo("DOWN");
    assertThat(nodeCache.path("details").path("synced").asBoolean()).isFalse();
  }
}
