package io.crik.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crik.certs.CertificateAuthority;
import io.crik.webhook.testing.AdmissionReviews;
import io.crik.webhook.testing.FakeRegistry;
import io.crik.webhook.testing.TestCertificates;
import io.fabric8.zjsonpatch.JsonPatch;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Admission end to end over HTTPS, and the split between the HTTPS and the plain-HTTP connector. */
class WebhookServerTest extends LocalWebhookServer {

  @Nested
  @DisplayName("admission over HTTPS")
  class Admission {

    @Test
    void injectsDeploymentPod() throws Exception {
      JsonNode pod = AdmissionReviews.podFromResource("/pods/deployment-web.yaml");

      JsonNode review = admit(pod, "shop", false);
      JsonNode response = review.path("response");
      JsonNode patched = JsonPatch.apply(AdmissionReviews.decodedPatch(review), pod);

      assertThat(response.path("allowed").asBoolean()).isTrue();
      assertThat(response.path("patchType").asString()).isEqualTo("JSONPatch");
      assertThat(command(patched, 0)).containsExactly("/crik/bin/crik", "run", "--", "java", "-Xmx512m", "-jar",
          "/app/web.jar");
      assertThat(patched.path("spec").path("containers").path(0).has("args")).isFalse();
      assertThat(patched.path("spec").path("initContainers").path(0).path("name").asString()).isEqualTo("crik-install");
      assertThat(patched.path("spec").path("initContainers").path(0).path("image").asString())
          .isEqualTo("localhost/crik-wrapper:0.1.0-SNAPSHOT");
      assertThat(patched.path("metadata").path("annotations").path("crik.io/injected").asString())
          .isEqualTo("0.1.0-SNAPSHOT");
      assertThat(response.path("warnings").valueStream().map(JsonNode::asString))
          .anySatisfy(warning -> assertThat(warning).contains("PodSecurity level of namespace \"shop\" was not checked"));
    }

    @Test
    void resolvesEntrypointFromRegistry() throws Exception {
      String config = REGISTRY.config("shop/api", List.of("/usr/bin/tini", "--"), List.of("/app/api", "--cost=$5"), null);
      REGISTRY.tag("shop/api", "3.1", REGISTRY.manifest("shop/api", config, FakeRegistry.OCI_MANIFEST));
      ObjectNode pod = (ObjectNode) AdmissionReviews.podFromResource("/pods/deployment-no-command.yaml");
      ((ObjectNode) pod.path("spec").path("containers").path(0)).put("image", REGISTRY.host() + "/shop/api:3.1");

      JsonNode response = admit(pod, "shop", false);
      JsonNode patched = JsonPatch.apply(AdmissionReviews.decodedPatch(response), pod);

      assertThat(command(patched, 0)).containsExactly("/crik/bin/crik", "run", "--", "/usr/bin/tini", "--",
          "/app/api", "--cost=$$5");
    }

    @Test
    void usesStaticMapping() throws Exception {
      ObjectNode pod = (ObjectNode) AdmissionReviews.podFromResource("/pods/deployment-no-command.yaml");
      ((ObjectNode) pod.path("spec").path("containers").path(0)).put("image", "registry.example/static/app:1");

      JsonNode patched = JsonPatch.apply(AdmissionReviews.decodedPatch(admit(pod, "shop", false)), pod);

      assertThat(command(patched, 0)).containsExactly("/crik/bin/crik", "run", "--", "/static-entrypoint");
    }

    @Test
    void unresolvableImageIsDenied() throws Exception {
      ObjectNode pod = (ObjectNode) AdmissionReviews.podFromResource("/pods/deployment-no-command.yaml");
      ((ObjectNode) pod.path("spec").path("containers").path(0)).put("image", REGISTRY.host() + "/shop/missing:1");

      JsonNode response = admit(pod, "shop", false).path("response");

      assertThat(response.path("allowed").asBoolean()).isFalse();
      assertThat(response.path("status").path("code").asInt()).isEqualTo(403);
      assertThat(response.path("status").path("message").asString())
          .contains("container \"api\", image \"" + REGISTRY.host() + "/shop/missing:1\"")
          .contains("404 Not Found")
          .endsWith(". Fix it in one of two ways: (1) set \"command\" in the container, (2) add the image to"
              + " crik.webhook.images");
    }

    @Test
    void imageWithoutRegistryEndpointListsThreeFixes() throws Exception {
      ObjectNode pod = (ObjectNode) AdmissionReviews.podFromResource("/pods/deployment-no-command.yaml");
      ((ObjectNode) pod.path("spec").path("containers").path(0)).put("image", "nginx:1.27");

      JsonNode response = admit(pod, "shop", false).path("response");

      assertThat(response.path("allowed").asBoolean()).isFalse();
      assertThat(response.path("status").path("message").asString()).endsWith("container \"api\", image \"nginx:1.27\":"
          + " cannot find the image's ENTRYPOINT and CMD, because no registry endpoint is configured for docker.io."
          + " Fix it in one of three ways: (1) set \"command\" in the container, (2) add the image to"
          + " crik.webhook.images, (3) add an entry for docker.io to crik.webhook.registry.endpoints:"
          + " crik.webhook.registry.endpoints[N].registry=docker.io and"
          + " crik.webhook.registry.endpoints[N].url=https://registry-1.docker.io/, where N is the next free index"
          + " (chart: registry.endpoints: [{registry: docker.io, url: \"https://registry-1.docker.io/\"}])");
    }

    @Test
    void unreachableRegistryListsEndpointFix() throws Exception {
      int closedPort;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        closedPort = socket.getLocalPort();
      }
      String image = "127.0.0.1:" + closedPort + "/tools/app:1";
      ObjectNode pod = (ObjectNode) AdmissionReviews.podFromResource("/pods/deployment-no-command.yaml");
      ((ObjectNode) pod.path("spec").path("containers").path(0)).put("image", image);

      JsonNode response = admit(pod, "shop", false).path("response");

      assertThat(response.path("allowed").asBoolean()).isFalse();
      assertThat(response.path("status").path("message").asString())
          .contains("fetching the manifest from https://127.0.0.1:" + closedPort + "/v2/tools/app/manifests/1 failed:"
              + " connection refused")
          .endsWith(" Fix it in one of three ways: (1) set \"command\" in the container, (2) add the image to"
              + " crik.webhook.images, (3) check or correct the endpoint of 127.0.0.1:" + closedPort
              + " in crik.webhook.registry.endpoints (chart: registry.endpoints)");
    }

    @Test
    void hostPidIsDenied() throws Exception {
      JsonNode response = admit(AdmissionReviews.podFromResource("/pods/host-pid.yaml"), "tools", false).path("response");

      assertThat(response.path("allowed").asBoolean()).isFalse();
      assertThat(response.has("patch")).isFalse();
      assertThat(response.path("status").path("message").asString()).startsWith("crik: pod tools/debugger sets hostPID");
    }

    @Test
    void dryRunGivesSamePatch() throws Exception {
      JsonNode pod = AdmissionReviews.podFromResource("/pods/deployment-web.yaml");

      JsonNode real = AdmissionReviews.decodedPatch(admit(pod, "shop", false));
      JsonNode dryRun = AdmissionReviews.decodedPatch(admit(pod, "shop", true));

      assertThat(dryRun).isEqualTo(real);
    }

    @Test
    void secondAdmissionIsNoOp() throws Exception {
      JsonNode pod = AdmissionReviews.podFromResource("/pods/deployment-web.yaml");
      JsonNode injected = JsonPatch.apply(AdmissionReviews.decodedPatch(admit(pod, "shop", false)), pod);

      JsonNode again = admit(injected, "shop", false).path("response");

      assertThat(again.path("allowed").asBoolean()).isTrue();
      assertThat(again.has("patch")).isFalse();
    }

    @Test
    void podWithoutAnnotationGetsNamespaceWarning() throws Exception {
      JsonNode response = admit(AdmissionReviews.podFromResource("/pods/namespace-opted.yaml"), "batch", false)
          .path("response");

      assertThat(response.path("allowed").asBoolean()).isTrue();
      assertThat(response.has("patch")).isFalse();
      assertThat(response.path("warnings").path(0).asString())
          .contains("the labels of namespace \"batch\" are unknown to the webhook");
    }

    @Test
    void updateIsAllowedUnchanged() throws Exception {
      ObjectNode review = AdmissionReviews.createRequest(AdmissionReviews.podFromResource("/pods/deployment-web.yaml"),
          "shop", false);
      ((ObjectNode) review.path("request")).put("operation", "UPDATE");

      HttpResponse<String> response = post(https, mutateUrl(), review.toString());
      JsonNode body = AdmissionReviews.parse(response.body()).path("response");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(body.path("allowed").asBoolean()).isTrue();
      assertThat(body.has("patch")).isFalse();
    }
    @Test
    void ephemeralContainersUpdateIsAllowedUnchanged() throws Exception {
      ObjectNode review = AdmissionReviews.createRequest(AdmissionReviews.podFromResource("/pods/deployment-web.yaml"),
          "shop", false);
      ((ObjectNode) review.path("request")).put("operation", "UPDATE").put("subResource", "ephemeralcontainers");

      HttpResponse<String> response = post(https, mutateUrl(), review.toString());
      JsonNode body = AdmissionReviews.parse(response.body()).path("response");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(body.path("allowed").asBoolean()).isTrue();
      assertThat(body.has("patch")).isFalse();
    }
  }

  @Nested
  @DisplayName("connectors")
  class Connectors {

    @Test
    void mutateNotServedOverPlainHttp() throws Exception {
      String review = AdmissionReviews.createRequest(AdmissionReviews.podFromResource("/pods/deployment-web.yaml"),
          "shop", false).toString();

      HttpResponse<String> response = post(plain, plainUrl("/mutate"), review);

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body()).isEqualTo("not found: /mutate is served on the HTTPS port only\n");
    }

    @Test
    void pathParameterDoesNotBypassRouting() throws Exception {
      HttpResponse<String> response = post(plain, plainUrl("/mutate;x=1"), "{}");

      assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void healthOverPlainHttp() throws Exception {
      HttpResponse<String> response = get(plain, plainUrl("/actuator/health"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(AdmissionReviews.parse(response.body()).path("status").asString()).isEqualTo("UP");
    }

    @Test
    void readinessIncludesNamespaceCache() throws Exception {
      HttpResponse<String> response = get(plain, plainUrl("/actuator/health/readiness"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(AdmissionReviews.parse(response.body()).path("status").asString()).isEqualTo("UP");
    }

    @Test
    void healthOverHttps() throws Exception {
      HttpResponse<String> response = get(https, "https://localhost:" + httpsPort + "/actuator/health");

      assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void prometheusOverPlainHttp() throws Exception {
      admit(AdmissionReviews.podFromResource("/pods/deployment-web.yaml"), "shop", false);

      HttpResponse<String> response = get(plain, plainUrl("/actuator/prometheus"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body())
          .contains("crik_admissions_total{")
          .containsPattern("crik_admissions_total\\{.*reason=\"injected\".*result=\"injected\".*\\} [1-9]")
          .contains("crik_admission_duration_seconds_bucket{");
    }

    @Test
    void prometheusNotServedOverHttps() throws Exception {
      HttpResponse<String> response = get(https, "https://localhost:" + httpsPort + "/actuator/prometheus");

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body()).contains("the HTTPS port serves /mutate and /actuator/health only");
    }

    @Test
    void clientTrustingOtherCaFailsHandshake() {
      CertificateAuthority stranger = CertificateAuthority.generate("stranger", Clock.systemUTC());
      HttpClient distrusting = HttpClient.newBuilder()
          .sslContext(TestCertificates.sslContextTrusting(stranger.certificate())).build();

      assertThatThrownBy(() -> get(distrusting, "https://localhost:" + httpsPort + "/actuator/health"))
          .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void plainHttpToHttpsPortFails() throws Exception {
      HttpResponse<String> response = get(plain, "http://127.0.0.1:" + httpsPort + "/mutate");

      assertThat(response.statusCode()).isEqualTo(400);
    }
  }
}
