package io.crik.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.webhook.testing.AdmissionReviews;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Every kind of bad input gets HTTP 400 with a one-line reason, never a 500 or a stack trace. */
class BadAdmissionRequestTest extends LocalWebhookServer {

  private ObjectNode validReview() {
    return AdmissionReviews.createRequest(AdmissionReviews.podFromResource("/pods/deployment-web.yaml"), "shop", false);
  }

  private ObjectNode request(ObjectNode review) {
    return (ObjectNode) review.path("request");
  }

  private String rejected(String body) throws Exception {
    return checkRejected(post(https, mutateUrl(), body));
  }

  private static String checkRejected(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
        .startsWith("text/plain"));
    assertThat(response.body()).endsWith("\n");
    assertThat(response.body().strip()).doesNotContain("\n");
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    return response.body().strip();
  }

  @Test
  void notJson() throws Exception {
    assertThat(rejected("{\"apiVersion\": admission")).startsWith("the request body is not valid JSON: ");
  }

  @Test
  void emptyBody() throws Exception {
    assertThat(rejected("")).isEqualTo("the request body is empty; send an AdmissionReview v1 JSON object");
  }

  @Test
  void jsonArray() throws Exception {
    assertThat(rejected("[1, 2]")).isEqualTo("the request body is not a JSON object; send an AdmissionReview v1");
  }

  @Test
  void wrongApiVersion() throws Exception {
    ObjectNode review = validReview().put("apiVersion", "admission.k8s.io/v1beta1");

    assertThat(rejected(review.toString())).isEqualTo("apiVersion is \"admission.k8s.io/v1beta1\", expected "
        + "\"admission.k8s.io/v1\"; set admissionReviewVersions: [v1] in the MutatingWebhookConfiguration");
  }

  @Test
  void wrongKind() throws Exception {
    ObjectNode review = validReview().put("kind", "ConversionReview");

    assertThat(rejected(review.toString())).startsWith("kind is \"ConversionReview\", expected \"AdmissionReview\"");
  }

  @Test
  void missingRequest() throws Exception {
    ObjectNode review = validReview();
    review.remove("request");

    assertThat(rejected(review.toString())).isEqualTo("the AdmissionReview has no request object");
  }

  @Test
  void missingUid() throws Exception {
    ObjectNode review = validReview();
    request(review).remove("uid");

    assertThat(rejected(review.toString())).isEqualTo("request.uid is missing; the API server always sends one");
  }

  @Test
  void resourceNotAPod() throws Exception {
    ObjectNode review = validReview();
    ((ObjectNode) request(review).path("kind")).put("group", "apps").put("kind", "Deployment");

    assertThat(rejected(review.toString())).isEqualTo("request.kind is \"apps/v1 Deployment\", but this webhook "
        + "admits only v1 Pod; check the rules of the MutatingWebhookConfiguration");
  }

  @Test
  void resourceNotPods() throws Exception {
    ObjectNode review = validReview();
    ((ObjectNode) request(review).path("resource")).put("resource", "services");

    assertThat(rejected(review.toString())).isEqualTo("request.resource.resource is \"services\", expected \"pods\"");
  }

  @Test
  void missingObject() throws Exception {
    ObjectNode review = validReview();
    request(review).remove("object");

    assertThat(rejected(review.toString())).isEqualTo("request.object is missing; a CREATE request carries the pod");
  }

  @Test
  void nullObject() throws Exception {
    ObjectNode review = validReview();
    request(review).putNull("object");

    assertThat(rejected(review.toString())).isEqualTo("request.object is missing; a CREATE request carries the pod");
  }

  @Test
  void objectNotJsonObject() throws Exception {
    ObjectNode review = validReview();
    request(review).put("object", "a pod");

    assertThat(rejected(review.toString()))
        .isEqualTo("request.object is a JSON string, not a JSON object; a CREATE request carries the pod as an object");
  }

  @Test
  void objectAsArray() throws Exception {
    ObjectNode review = validReview();
    request(review).putArray("object").add(1);

    assertThat(rejected(review.toString())).startsWith("request.object is a JSON array, not a JSON object");
  }

  @Test
  void objectNotAPod() throws Exception {
    ObjectNode review = validReview();
    ((ObjectNode) request(review).path("object")).put("kind", "Secret");

    assertThat(rejected(review.toString())).isEqualTo("request.object.kind is \"Secret\", expected \"Pod\"");
  }

  @Test
  void objectWithWrongFieldTypes() throws Exception {
    ObjectNode review = validReview();
    ((ObjectNode) request(review).path("object")).put("spec", "not an object");

    assertThat(rejected(review.toString())).startsWith("request.object is not a valid Pod: ");
  }

  @Test
  void podWithoutContainers() throws Exception {
    ObjectNode review = validReview();
    ((ObjectNode) request(review).path("object").path("spec")).remove("containers");

    assertThat(rejected(review.toString()))
        .isEqualTo("request.object is not a valid Pod: it needs metadata and spec.containers");
  }

  @Test
  void missingNamespace() throws Exception {
    ObjectNode review = validReview();
    request(review).remove("namespace");
    ((ObjectNode) request(review).path("object").path("metadata")).remove("namespace");

    assertThat(rejected(review.toString())).isEqualTo("request.namespace is missing; pods are namespaced");
  }

  @Test
  void oversizedBody() throws Exception {
    ObjectNode review = validReview();
    ((ObjectNode) request(review).path("object").path("metadata").path("annotations"))
        .put("padding", "x".repeat(MAX_REQUEST_BYTES));

    assertThat(rejected(review.toString())).matches("the request body of \\d+ bytes is larger than the limit of "
        + MAX_REQUEST_BYTES + " bytes \\(crik.webhook.max-request-size\\)");
  }

  @Test
  void oversizedChunkedBody() throws Exception {
    byte[] body = ("{\"padding\":\"" + "x".repeat(MAX_REQUEST_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create(mutateUrl())).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();

    String reason = checkRejected(https.send(request, HttpResponse.BodyHandlers.ofString()));

    assertThat(reason).isEqualTo("the request body is larger than the limit of " + MAX_REQUEST_BYTES
        + " bytes (crik.webhook.max-request-size)");
  }

  @Test
  void getMethodHasNoStackTrace() throws Exception {
    HttpResponse<String> response = get(https, mutateUrl());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void rejectionsAreCounted() throws Exception {
    rejected("not json");

    HttpResponse<String> metrics = get(plain, plainUrl("/actuator/prometheus"));

    assertThat(metrics.body()).containsPattern("crik_admissions_total\\{.*reason=\"bad-request\".*result=\"rejected\".*\\}");
  }
}
