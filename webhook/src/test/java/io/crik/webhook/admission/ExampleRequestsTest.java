package io.crik.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.webhook.testing.AdmissionReviews;
import io.fabric8.zjsonpatch.JsonPatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The sample requests of examples/admission give the outcome the README promises. */
class ExampleRequestsTest extends LocalWebhookServer {

  private static final Path EXAMPLES = Path.of("..", "examples", "admission");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "deployment-pod.json, 200, true, true",
      "deployment-pod-dry-run.json, 200, true, true",
      "job-pod-indexed.json, 200, true, true",
      "statefulset-pod-no-command.json, 200, true, true",
      "host-pid-pod-denied.json, 200, false, false",
      "not-opted-in-pod.json, 200, true, false",
  })
  void exampleHasDocumentedOutcome(String file, int status, boolean allowed, boolean patched) throws Exception {
    var response = post(https, mutateUrl(), Files.readString(EXAMPLES.resolve(file)));
    JsonNode body = AdmissionReviews.parse(response.body()).path("response");

    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(body.path("allowed").asBoolean()).isEqualTo(allowed);
    assertThat(body.has("patch")).isEqualTo(patched);
  }

  @Test
  void badApiVersionExampleIsRejected() throws Exception {
    var response = post(https, mutateUrl(), Files.readString(EXAMPLES.resolve("bad-api-version.json")));

    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void jobExampleGetsDerivedKey() throws Exception {
    JsonNode review = AdmissionReviews.parse(Files.readString(EXAMPLES.resolve("job-pod-indexed.json")));
    JsonNode pod = review.path("request").path("object");

    JsonNode response = AdmissionReviews.parse(post(https, mutateUrl(), review.toString()).body());
    JsonNode patched = JsonPatch.apply(AdmissionReviews.decodedPatch(response), pod);

    Stream<JsonNode> env = patched.path("spec").path("containers").path(0).path("env").valueStream();
    assertThat(env.filter(variable -> variable.path("name").asString().equals("CRIK_CHECKPOINT_KEY"))
        .map(variable -> variable.path("value").asString()))
        .containsExactly("job/render-frames/8d2f4a6c-1b3e-4d5f-9a7b-6c8e0f2a4b6d/3");
  }

  @Test
  void everyExampleIsCovered() throws Exception {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder(
          "deployment-pod.json", "deployment-pod-dry-run.json", "job-pod-indexed.json",
          "statefulset-pod-no-command.json", "host-pid-pod-denied.json", "not-opted-in-pod.json",
          "bad-api-version.json");
    }
  }
}
