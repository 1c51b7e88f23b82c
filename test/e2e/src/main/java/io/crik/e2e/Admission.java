package io.crik.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The webhook's verdict on one pod and the pod that the API server would store.
 *
 * @param request the pod as sent in the AdmissionReview
 * @param allowed whether the webhook admitted the pod
 * @param patch the JSON patch of the response, an empty array when it sent none
 * @param mutated the request with the patch applied, as the API server stores it
 * @param warnings the response's warnings
 * @param message the response's status message, set when the pod was denied
 */
public record Admission(Pod request, boolean allowed, JsonNode patch, Pod mutated, List<String> warnings,
        String message) {

    public Admission {
        warnings = List.copyOf(warnings);
    }

    /** Returns the patch as lines such as {@code add /spec/initContainers}, for logs and narration. */
    public List<String> operations() {
        List<String> lines = new ArrayList<>();
        for (JsonNode operation : patch) {
            lines.add(operation.path("op").asString() + " " + operation.path("path").asString());
        }
        return lines;
    }
}
