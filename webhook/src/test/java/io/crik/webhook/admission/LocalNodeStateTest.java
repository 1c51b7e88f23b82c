package io.crik.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.webhook.testing.AdmissionReviews;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /nodes/{name}} of a local run, which has no Kubernetes API and so no node state. */
class LocalNodeStateTest extends LocalWebhookServer {

  @Test
  void nodeStateIsUnavailable() throws Exception {
    HttpResponse<String> response = get(plain, plainUrl("/nodes/worker-1"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isEmpty();
    JsonNode body = AdmissionReviews.parse(response.body());
    assertThat(body.path("node").asString()).isEqualTo("worker-1");
    assertThat(body.path("error").asString()).isEqualTo("unavailable");
    assertThat(body.path("message").asString()).contains("without a Kubernetes API")
        .contains("CRIK_NODE_STATE_UNKNOWN");
  }

  @Test
  void healthReportsNodeStateUnavailable() throws Exception {
    HttpResponse<String> response = get(plain, plainUrl("/actuator/health/readiness"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode nodeCache = AdmissionReviews.parse(response.body()).path("components").path("nodeStateCache");
    assertThat(nodeCache.path("status").asString()).isEqualTo("UP");
    assertThat(nodeCache.path("details").path("available").asBoolean()).isFalse();
  }

  @Test
  void unavailableRequestsAreCounted() throws Exception {
    get(plain, plainUrl("/nodes/worker-2"));

    String metrics = get(plain, plainUrl("/actuator/prometheus")).body();

    assertThat(metrics).containsPattern("(?m)^crik_node_state_requests_total\\{[^}]*answer=\"unavailable\"[^}]*} [1-9]");
  }
}
