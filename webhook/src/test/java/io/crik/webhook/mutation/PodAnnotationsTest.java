package io.crik.webhook.mutation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PodAnnotationsTest {

  @Test
  void defaultsWithoutAnnotations() throws Exception {
    PodAnnotations parsed = PodAnnotations.parse(Map.of());

    assertThat(parsed.containers()).isEmpty();
    assertThat(parsed.checkpointClaim()).isEmpty();
    assertThat(parsed.checkpointPolicy()).isEqualTo(CheckpointPolicy.NODE_TERMINATING);
    assertThat(parsed.preservePaths()).isEmpty();
  }

  @Test
  void containersAreTrimmedAndDeduplicated() throws Exception {
    assertThat(PodAnnotations.parse(Map.of(CrikAnnotations.CONTAINERS, " app , worker,app")).containers())
        .isEqualTo(List.of("app", "worker"));
  }

  @Test
  void preservePathsAreNormalized() throws Exception {
    assertThat(PodAnnotations.parse(Map.of(CrikAnnotations.PRESERVE_PATHS, " /run/a ,/tmp/b")).preservePaths())
        .isEqualTo(Optional.of("/run/a,/tmp/b"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "crik.io/containers | app,,worker | \"\" is not a container name",
      "crik.io/containers | App | \"App\" is not a container name",
      "crik.io/checkpoint-claim | Claim_1 | name a PersistentVolumeClaim",
      "crik.io/checkpoint-policy | Always | use \"node-terminating\"",
      "crik.io/preserve-paths | / | \"/\" is not an absolute path below /",
      "crik.io/preserve-paths | /run/../etc | has an empty, '.' or '..' segment",
      "crik.io/preserve-paths | /crik/run | lies in a volume crik mounts itself",
      "crik.io/preserve-paths | /crik-checkpoints | lies in a volume crik mounts itself",
      "crik.io/preserve-paths | /a,,/b | \"\" is not an absolute path",
  })
  void rejectsInvalidValue(String annotation, String value, String message) {
    assertThatThrownBy(() -> PodAnnotations.parse(Map.of(annotation, value)))
        .isInstanceOf(InvalidAnnotationException.class)
        .hasMessageContaining("invalid " + annotation)
        .hasMessageContaining(message);
  }
}
