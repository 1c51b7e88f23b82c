package io.crik.webhook.admission;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses and checks an AdmissionReview v1 request for pods. Every problem becomes an
 * {@link InvalidAdmissionReviewException} with a one-line message that names the field and the
 * expected value, never a stack trace.
 */
public final class AdmissionReviewReader {

  static final String API_VERSION = "admission.k8s.io/v1";
  static final String KIND = "AdmissionReview";

  private static final int MAX_DETAIL_LENGTH = 200;

  private final JsonMapper json = JsonMapper.builder().build();
  private final KubernetesSerialization serialization;

  public AdmissionReviewReader(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  public PodAdmissionRequest read(byte[] body) throws InvalidAdmissionReviewException {
    if (body.length == 0) {
      throw new InvalidAdmissionReviewException("the request body is empty; send an AdmissionReview v1 JSON object");
    }
    JsonNode review = parse(body);

    expect(review, "apiVersion", API_VERSION);
    expect(review, "kind", KIND);
    JsonNode request = review.path("request");
    if (!request.isObject()) {
      throw new InvalidAdmissionReviewException("the AdmissionReview has no request object");
    }
    String uid = request.path("uid").asString("");
    if (uid.isEmpty()) {
      throw new InvalidAdmissionReviewException("request.uid is missing; the API server always sends one");
    }
    checkResource(request);

    String operation = request.path("operation").asString("");
    if (operation.isEmpty()) {
      throw new InvalidAdmissionReviewException("request.operation is missing; expected CREATE");
    }
    String subResource = request.path("subResource").asString("");
    boolean dryRun = request.path("dryRun").asBoolean(false);
    JsonNode object = request.path("object");
    String namespace = request.path("namespace").asString(object.path("metadata").path("namespace").asString(""));

    if (!"CREATE".equals(operation) || !subResource.isEmpty()) {
      return new PodAdmissionRequest(uid, operation, namespace, subResource, dryRun, null);
    }
    if (namespace.isEmpty()) {
      throw new InvalidAdmissionReviewException("request.namespace is missing; pods are namespaced");
    }
    return new PodAdmissionRequest(uid, operation, namespace, subResource, dryRun, pod(object));
  }

  private JsonNode parse(byte[] body) throws InvalidAdmissionReviewException {
    JsonNode review;
    try {
      review = json.readTree(body);
    } catch (JacksonException e) {
      throw new InvalidAdmissionReviewException("the request body is not valid JSON: " + firstLine(e.getOriginalMessage()));
    }
    if (review == null || !review.isObject()) {
      throw new InvalidAdmissionReviewException("the request body is not a JSON object; send an AdmissionReview v1");
    }
    return review;
  }

  private static void checkResource(JsonNode request) throws InvalidAdmissionReviewException {
    JsonNode kind = request.path("kind");
    String group = kind.path("group").asString("");
    String version = kind.path("version").asString("");
    String name = kind.path("kind").asString("");
    if (!group.isEmpty() || !version.equals("v1") || !name.equals("Pod")) {
      String actual = (group.isEmpty() ? "" : group + "/") + version + " " + name;
      throw new InvalidAdmissionReviewException("request.kind is \"" + actual.trim() + "\", but this webhook admits only "
          + "v1 Pod; check the rules of the MutatingWebhookConfiguration");
    }
    String resource = request.path("resource").path("resource").asString("");
    if (!resource.equals("pods")) {
      throw new InvalidAdmissionReviewException("request.resource.resource is \"" + resource + "\", expected \"pods\"");
    }
  }

  private Pod pod(JsonNode object) throws InvalidAdmissionReviewException {
    if (object.isMissingNode() || object.isNull()) {
      throw new InvalidAdmissionReviewException("request.object is missing; a CREATE request carries the pod");
    }
    if (!object.isObject()) {
      throw new InvalidAdmissionReviewException("request.object is a JSON "
          + object.getNodeType().name().toLowerCase(Locale.ROOT) + ", not a JSON object; a CREATE request carries the"
          + " pod as an object");
    }
    String kind = object.path("kind").asString("Pod");
    if (!kind.equals("Pod")) {
      throw new InvalidAdmissionReviewException("request.object.kind is \"" + kind + "\", expected \"Pod\"");
    }
    Pod pod;
    try {
      pod = serialization.convertValue(object, Pod.class);
    } catch (RuntimeException e) {
      throw new InvalidAdmissionReviewException("request.object is not a valid Pod: " + firstLine(rootMessage(e)));
    }
    if (pod.getMetadata() == null || pod.getSpec() == null || pod.getSpec().getContainers() == null
        || pod.getSpec().getContainers().isEmpty()) {
      throw new InvalidAdmissionReviewException("request.object is not a valid Pod: it needs metadata and "
          + "spec.containers");
    }
    return pod;
  }

  private static void expect(JsonNode review, String field, String expected) throws InvalidAdmissionReviewException {
    String actual = review.path(field).asString("");
    if (!expected.equals(actual)) {
      throw new InvalidAdmissionReviewException(field + " is \"" + actual + "\", expected \"" + expected
          + "\"; set admissionReviewVersions: [v1] in the MutatingWebhookConfiguration");
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root instanceof JacksonException jackson ? jackson.getOriginalMessage() : root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }

  private static String firstLine(String message) {
    String line = message == null ? "" : message.lines().findFirst().orElse("");
    return line.length() <= MAX_DETAIL_LENGTH ? line : line.substring(0, MAX_DETAIL_LENGTH) + "...";
  }
}
