package io.crik.webhook.testing;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Builds AdmissionReview requests around pods and reads the responses. */
public final class AdmissionReviews {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AdmissionReviews() {}

  /** Reads a pod from a YAML resource on the test class path. */
  public static JsonNode podFromResource(String resource) {
    try (InputStream in = AdmissionReviews.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return Serialization.yamlMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode createRequest(JsonNode pod, String namespace, boolean dryRun) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", UUID.randomUUID().toString());
    ObjectNode kind = request.putObject("kind");
    kind.put("group", "");
    kind.put("version", "v1");
    kind.put("kind", "Pod");
    ObjectNode resource = request.putObject("resource");
    resource.put("group", "");
    resource.put("version", "v1");
    resource.put("resource", "pods");
    request.put("namespace", namespace);
    request.put("operation", "CREATE");
    request.putObject("userInfo").put("username", "system:serviceaccount:kube-system:replicaset-controller");
    request.set("object", pod);
    request.put("dryRun", dryRun);
    return review;
  }

  public static JsonNode parse(String body) {
    return JSON.readTree(body);
  }

  public static JsonNode decodedPatch(JsonNode response) {
    String patch = response.path("response").path("patch").asString("");
    return JSON.readTree(Base64.getDecoder().decode(patch));
  }
}
