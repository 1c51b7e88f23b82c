package io.crik.webhook.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

class PodPatchTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A pod with fields the model does not know, as a newer API server might send. */
  private static final String POD = """
      {"apiVersion":"v1","kind":"Pod",
       "metadata":{"name":"p","namespace":"n","annotations":{"a/b~c":"1"},
                   "managedFields":[{"manager":"kubectl","operation":"Update","fieldsV1":{"f:spec":{}}}]},
       "spec":{"futureField":{"enabled":true},
               "containers":[{"name":"app","image":"registry.example/app:1","futureContainerField":[1,2],
                              "resources":{"requests":{"cpu":"0.5","memory":"1Gi"}}}]}}
      """;

  @Test
  void identicalPodsGiveEmptyPatch() {
    Pod pod = SERIALIZATION.unmarshal(POD, Pod.class);

    assertThat(new PodPatch(SERIALIZATION).diff(pod, SERIALIZATION.clone(pod))).isEmpty();
  }

  @Test
  void unknownFieldsSurviveAndStayOutOfPatch() {
    Pod original = SERIALIZATION.unmarshal(POD, Pod.class);
    Pod mutated = SERIALIZATION.clone(original);
    mutated.getMetadata().getAnnotations().put("crik.io/injected", "1");
    mutated.getSpec().getContainers().get(0).setCommand(java.util.List.of("/crik/bin/crik", "run", "--", "/app"));

    ArrayNode patch = new PodPatch(SERIALIZATION).diff(original, mutated);
    JsonNode patched = JsonPatch.apply(patch, JSON.readTree(POD));

    assertThat(patch.toString()).doesNotContain("future").doesNotContain("managedFields").doesNotContain("cpu");
    assertThat(patch.toString()).contains("/metadata/annotations/crik.io~1injected");
    assertThat(patched.path("spec").path("futureField").path("enabled").asBoolean()).isTrue();
    assertThat(patched.path("spec").path("containers").path(0).path("futureContainerField").size()).isEqualTo(2);
    assertThat(patched.path("spec").path("containers").path(0).path("resources").path("requests").path("cpu")
        .asString()).isEqualTo("0.5");
    assertThat(patched.path("metadata").path("annotations").path("a/b~c").asString()).isEqualTo("1");
  }
}
