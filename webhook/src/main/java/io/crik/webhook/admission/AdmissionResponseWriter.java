package io.crik.webhook.admission;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes the AdmissionReview v1 response: uid, allowed, the base64 JSON patch, warnings, and a status on denial. */
public final class AdmissionResponseWriter {

  private final JsonMapper json = JsonMapper.builder().build();

  public byte[] write(String uid, AdmissionVerdict verdict) {
    ObjectNode review = json.createObjectNode();
    review.put("apiVersion", AdmissionReviewReader.API_VERSION);
    review.put("kind", AdmissionReviewReader.KIND);
    ObjectNode response = review.putObject("response");
    response.put("uid", uid);
    response.put("allowed", verdict.allowed());

    verdict.patch().ifPresent(patch -> {
      response.put("patchType", "JSONPatch");
      response.put("patch", Base64.getEncoder().encodeToString(json.writeValueAsBytes(patch)));
    });
    if (!verdict.warnings().isEmpty()) {
      ArrayNode warnings = response.putArray("warnings");
      verdict.warnings().forEach(warnings::add);
    }
    verdict.denialMessage().ifPresent(message -> {
      ObjectNode status = response.putObject("status");
      status.put("code", 403);
      status.put("reason", "Forbidden");
      status.put("message", message);
    });
    return json.writeValueAsString(review).getBytes(StandardCharsets.UTF_8);
  }
}
