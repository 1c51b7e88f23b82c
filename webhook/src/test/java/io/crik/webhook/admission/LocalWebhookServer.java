package io.crik.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.webhook.config.PlainHttpConnector;
import io.crik.webhook.testing.AdmissionReviews;
import io.crik.webhook.testing.FakeRegistry;
import io.crik.webhook.testing.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Starts the real server on random ports, as a local run without a Kubernetes API: HTTPS with
 * certificates made by the certs module, the plain connector, and WireMock as the image registry.
 * Subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class LocalWebhookServer {

  static final TestCertificates CERTIFICATES = TestCertificates.create();
  static final FakeRegistry REGISTRY = new FakeRegistry();
  static final int MAX_REQUEST_BYTES = 64 * 1024;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("server.ssl.certificate", CERTIFICATES::certificateLocation);
    registry.add("server.ssl.certificate-private-key", CERTIFICATES::privateKeyLocation);
    registry.add("crik.webhook.plain-port", () -> "0");
    registry.add("crik.webhook.kubernetes.enabled", () -> "false");
    registry.add("crik.webhook.max-request-size", () -> MAX_REQUEST_BYTES + "B");
    registry.add("crik.webhook.registry.endpoints[0].registry", REGISTRY::host);
    registry.add("crik.webhook.registry.endpoints[0].url", REGISTRY::url);
    registry.add("crik.webhook.images[0].image", () -> "registry.example/static/app:1");
    registry.add("crik.webhook.images[0].entrypoint", () -> "/static-entrypoint");
    // The same mapping as the README's local run, for the examples under examples/admission.
    registry.add("crik.webhook.images[1].image", () -> "registry.example/data/postgres:16");
    registry.add("crik.webhook.images[1].entrypoint", () -> "docker-entrypoint.sh");
    registry.add("crik.webhook.images[1].cmd", () -> "postgres");
  }

  @LocalServerPort
  int httpsPort;

  @Autowired
  PlainHttpConnector plainConnector;

  final HttpClient https = HttpClient.newBuilder().sslContext(CERTIFICATES.trustingContext())
      .connectTimeout(Duration.ofSeconds(5)).build();
  final HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  HttpResponse<String> post(HttpClient client, String url, String body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  String mutateUrl() {
    return "https://localhost:" + httpsPort + "/mutate";
  }

  String plainUrl(String path) {
    return "http://127.0.0.1:" + plainConnector.localPort() + path;
  }

  JsonNode admit(JsonNode pod, String namespace, boolean dryRun) throws Exception {
    ObjectNode review = AdmissionReviews.createRequest(pod, namespace, dryRun);
    HttpResponse<String> response = post(https, mutateUrl(), review.toString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
        .startsWith("application/json"));
    JsonNode body = AdmissionReviews.parse(response.body());
    assertThat(body.path("apiVersion").asString()).isEqualTo("admission.k8s.io/v1");
    assertThat(body.path("kind").asString()).isEqualTo("AdmissionReview");
    assertThat(body.path("response").path("uid").asString()).isEqualTo(review.path("request").path("uid").asString());
    return body;
  }

  static List<String> command(JsonNode pod, int container) {
    return pod.path("spec").path("containers").path(container).path("command").valueStream()
        .map(JsonNode::asString).toList();
  }
}
