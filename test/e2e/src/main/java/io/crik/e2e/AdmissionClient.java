package io.crik.e2e;

import io.crik.webhook.testing.AdmissionReviews;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays the API server's side of a mutating admission webhook: sends a pod CREATE as an
 * AdmissionReview v1 over HTTPS, checks the response, and applies its JSON patch.
 */
final class AdmissionClient {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI mutateUrl;
    private final HttpClient client;

    AdmissionClient(URI mutateUrl, SSLContext trustingCa) {
        this.mutateUrl = mutateUrl;
        this.client = HttpClient.newBuilder().sslContext(trustingCa).connectTimeout(TIMEOUT).build();
    }

    /**
     * Sends the pod for admission as the named controller's service account would create it.
     *
     * @throws IllegalStateException when the webhook does not return a valid AdmissionReview
     */
    Admission admit(Pod pod, String requestingUser) {
        String namespace = pod.getMetadata().getNamespace();
        JsonNode podJson = SERIALIZATION.convertValue(pod, JsonNode.class);
        ObjectNode review = AdmissionReviews.createRequest(podJson, namespace, false);
        ((ObjectNode) review.path("request").path("userInfo")).put("username", requestingUser);
        String uid = review.path("request").path("uid").asString();

        HttpResponse<String> response = post(review.toString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST " + mutateUrl + " returned HTTP " + response.statusCode() + ": "
                    + response.body());
        }
        JsonNode answer = JSON.readTree(response.body()).path("response");
        if (!uid.equals(answer.path("uid").asString())) {
            throw new IllegalStateException("the AdmissionReview response has uid " + answer.path("uid")
                    + " instead of the request's " + uid + ": " + response.body());
        }

        List<String> warnings = new ArrayList<>();
        answer.path("warnings").forEach(warning -> warnings.add(warning.asString()));
        boolean allowed = answer.path("allowed").asBoolean(false);
        String message = answer.path("status").path("message").asString("");
        JsonNode patch = JSON.createArrayNode();
        if (answer.hasNonNull("patch")) {
            if (!"JSONPatch".equals(answer.path("patchType").asString())) {
                throw new IllegalStateException("the response has a patch of type " + answer.path("patchType")
                        + " instead of JSONPatch");
            }
            patch = JSON.readTree(Base64.getDecoder().decode(answer.path("patch").asString()));
        }
        Pod mutated = allowed ? SERIALIZATION.convertValue(JsonPatch.apply(patch, podJson), Pod.class) : null;
        return new Admission(pod, allowed, patch, mutated, warnings, message);
    }

    private HttpResponse<String> post(String body) {
        HttpRequest request = HttpRequest.newBuilder(mutateUrl).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + mutateUrl + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + mutateUrl, e);
        }
    }
}
