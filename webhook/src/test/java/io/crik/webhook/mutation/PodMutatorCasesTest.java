package io.crik.webhook.mutation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.crik.webhook.admission.AdmissionVerdict;
import io.crik.webhook.admission.FailureMode;
import io.crik.webhook.image.ImageConfig;
import io.crik.webhook.image.ImageLookup;
import io.crik.webhook.patch.PodPatch;
import io.crik.webhook.testing.EffectiveCommand;
import io.crik.webhook.testing.TestSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Runs every pod in {@code src/test/resources/mutation/cases}. Each case file contains a realistic
 * pod, its namespace, the image configs a registry would return, and the expected verdict and
 * command lines, and optionally texts that must be absent from the denial message and the
 * warnings ({@code expect.absent}). An injected pod's patch is compared with the golden file beside it. With
 * {@code -Dcrik.golden.update=true} the golden files are rewritten instead: review the diff.
 */
class PodMutatorCasesTest {

  private static final Path CASES = Path.of("src/test/resources/mutation/cases");
  private static final boolean UPDATE_GOLDEN = Boolean.getBoolean("crik.golden.update");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(CASES)) {
      return files.map(path -> path.getFileName().toString())
          .filter(name -> name.endsWith(".yaml"))
          .map(name -> name.substring(0, name.length() - ".yaml".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void tableHasAtLeastThirtyPods() throws IOException {
    assertThat(cases().count()).isGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mutationMatchesCase(String name) throws IOException {
    MutationCase testCase = MutationCase.read(CASES.resolve(name + ".yaml"));
    PodMutator mutator = new PodMutator(TestSettings.mutationSettings(testCase.defaultClaim()));
    Pod original = SERIALIZATION.convertValue(testCase.pod(), Pod.class);

    Map<String, ImageLookup> lookups = lookups(mutator, original, testCase);
    String originalJson = SERIALIZATION.asJson(original);
    MutationResult result = mutator.mutate(original, testCase.namespace(), lookups);

    assertThat(SERIALIZATION.asJson(original)).as("the given pod is left unchanged").isEqualTo(originalJson);
    ArrayNode patch = result instanceof MutationResult.Injected injected
        ? new PodPatch(SERIALIZATION).diff(original, injected.pod()) : null;
    AdmissionVerdict verdict = AdmissionVerdict.of(result, patch, testCase.failureMode());

    assertThat(verdict.result()).as("verdict").isEqualTo(testCase.expectedVerdict());
    assertThat(verdict.reason()).as("reason").isEqualTo(testCase.expectedReason());
    for (String warning : testCase.expectedWarnings()) {
      assertThat(verdict.warnings()).as("warnings").anySatisfy(actual -> assertThat(actual).contains(warning));
    }
    if (testCase.expectedWarnings().isEmpty()) {
      assertThat(verdict.warnings()).as("warnings").isEmpty();
    }
    if (testCase.expectedMessage() != null) {
      String message = verdict.denialMessage().orElseGet(() -> String.join("\n", verdict.warnings()));
      assertThat(message).as("message").contains(testCase.expectedMessage());
    }
    for (String absent : testCase.absentTexts()) {
      assertThat(verdict.denialMessage().orElse("")).as("denial message").doesNotContain(absent);
      assertThat(verdict.warnings()).as("warnings").noneSatisfy(warning -> assertThat(warning).contains(absent));
    }

    JsonNode patched = testCase.pod();
    if (patch != null) {
      assertThat(patch.valueStream().map(op -> op.get("op").asString()))
          .as("patch operations").allMatch(op -> List.of("add", "remove", "replace").contains(op));
      compareWithGolden(name, patch);
      patched = JsonPatch.apply(patch, testCase.pod());
    } else {
      assertThat(Files.exists(goldenFile(name))).as("golden patch of a pod that is not injected").isFalse();
    }

    Pod after = SERIALIZATION.convertValue(patched, Pod.class);
    checkCommands(testCase, original, after, result);
    if (result instanceof MutationResult.Injected) {
      checkSecondAdmissionIsNoOp(mutator, after, testCase);
    }
  }

  private static Map<String, ImageLookup> lookups(PodMutator mutator, Pod pod, MutationCase testCase) {
    Map<String, ImageLookup> lookups = new HashMap<>();
    for (PodMutator.ImageRequest request : mutator.imagesToResolve(pod, testCase.namespace())) {
      ImageConfig config = testCase.images().get(request.image());
      String failure = testCase.imageFailures().get(request.image());
      if (config != null) {
        lookups.put(request.container(), new ImageLookup.Found(config, "registry"));
      } else if (failure != null) {
        lookups.put(request.container(), new ImageLookup.Failed(failure));
      } else {
        fail("case asks for image " + request.image() + ", which it does not define under images or imageFailures");
      }
    }
    return lookups;
  }

  private static void checkCommands(MutationCase testCase, Pod original, Pod after, MutationResult result) {
    List<String> wrapped = result instanceof MutationResult.Injected injected ? injected.containers() : List.of();
    Map<String, List<String>> actual = new LinkedHashMap<>();
    for (Container container : after.getSpec().getContainers()) {
      actual.put(container.getName(), EffectiveCommand.of(container, imageOf(testCase, container)));
    }
    assertThat(actual).as("effective command lines").isEqualTo(testCase.expectedCommands());

    for (Container before : original.getSpec().getContainers()) {
      List<String> expected = new ArrayList<>();
      if (wrapped.contains(before.getName())) {
        expected.addAll(WrapperLayout.RUN_PREFIX);
      }
      expected.addAll(EffectiveCommand.of(before, imageOf(testCase, before)));
      assertThat(actual.get(before.getName())).as("container %s runs what it ran before", before.getName())
          .isEqualTo(expected);
    }
  }

  private static void checkSecondAdmissionIsNoOp(PodMutator mutator, Pod injected, MutationCase testCase) {
    MutationResult again = mutator.mutate(injected, testCase.namespace(), Map.of());

    assertThat(again).isInstanceOf(MutationResult.Skipped.class);
    assertThat(((MutationResult.Skipped) again).reason()).isEqualTo(SkipReason.ALREADY_INJECTED);
  }

  private static ImageConfig imageOf(MutationCase testCase, Container container) {
    return testCase.images().getOrDefault(container.getImage(), ImageConfig.of(List.of(), List.of()));
  }

  private static void compareWithGolden(String name, ArrayNode patch) throws IOException {
    String actual = Serialization.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsString(patch) + "\n";
    Path golden = goldenFile(name);
    if (UPDATE_GOLDEN) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(golden)) {
      fail("no golden patch " + golden + ": run with -Dcrik.golden.update=true, then review the new file");
    }
    assertThat(actual).as("patch of %s", name).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  private static Path goldenFile(String name) {
    return CASES.resolve(name + ".patch.json");
  }

  /** One case file. */
  record MutationCase(JsonNode pod, NamespaceInfo namespace, Map<String, ImageConfig> images,
      Map<String, String> imageFailures, String defaultClaim, FailureMode failureMode, String expectedVerdict,
      String expectedReason, Map<String, List<String>> expectedCommands, List<String> expectedWarnings,
      String expectedMessage, List<String> absentTexts) {

    static MutationCase read(Path file) throws IOException {
      JsonNode root = Serialization.yamlMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
      JsonNode expect = root.required("expect");

      return new MutationCase(
          root.required("pod"),
          namespace(root),
          images(root.path("images")),
          stringMap(root.path("imageFailures")),
          root.path("defaultCheckpointClaim").asString(""),
          FailureMode.valueOf(root.path("failureMode").asString("DENY_EXPLICIT")),
          expect.required("verdict").asString(),
          expect.required("reason").asString(),
          commands(expect.required("commands")),
          strings(expect.path("warnings")),
          expect.path("message").isMissingNode() ? null : expect.path("message").asString(),
          strings(expect.path("absent")));
    }

    private static NamespaceInfo namespace(JsonNode root) {
      String name = root.required("namespace").asString();
      if (!root.path("namespaceKnown").asBoolean(true)) {
        return NamespaceInfo.unknown(name);
      }
      return NamespaceInfo.known(name, stringMap(root.path("namespaceLabels")));
    }

    private static Map<String, ImageConfig> images(JsonNode node) {
      Map<String, ImageConfig> images = new HashMap<>();
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        JsonNode image = entry.getValue();
        images.put(entry.getKey(), new ImageConfig(strings(image.path("entrypoint")), strings(image.path("cmd")),
            image.path("user").asString("")));
      }
      return images;
    }

    private static Map<String, List<String>> commands(JsonNode node) {
      Map<String, List<String>> commands = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        commands.put(entry.getKey(), strings(entry.getValue()));
      }
      return commands;
    }

    private static Map<String, String> stringMap(JsonNode node) {
      Map<String, String> map = new HashMap<>();
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        map.put(entry.getKey(), entry.getValue().asString());
      }
      return map;
    }

    private static List<String> strings(JsonNode node) {
      List<String> values = new ArrayList<>();
      node.valueStream().forEach(value -> values.add(value.asString()));
      return values;
    }
  }
}
