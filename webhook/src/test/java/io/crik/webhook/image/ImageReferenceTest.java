package io.crik.webhook.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "redis, docker.io, library/redis, latest, ''",
      "redis:7.2, docker.io, library/redis, 7.2, ''",
      "bitnami/redis:7, docker.io, bitnami/redis, 7, ''",
      "docker.io/redis:7, docker.io, library/redis, 7, ''",
      "index.docker.io/library/redis, docker.io, library/redis, latest, ''",
      "registry.example/team/app:1.0, registry.example, team/app, 1.0, ''",
      "registry.example:5000/app, registry.example:5000, app, latest, ''",
      "localhost/crik-wrapper:0.1.0, localhost, crik-wrapper, 0.1.0, ''",
      "127.0.0.1:5000/a/b/c:tag_1, 127.0.0.1:5000, a/b/c, tag_1, ''",
      "[::1]:5000/app:1, [::1]:5000, app, 1, ''",
  })
  void parses(String image, String registry, String repository, String tag, String digest) {
    ImageReference reference = ImageReference.parse(image);

    assertThat(reference.registry()).isEqualTo(registry);
    assertThat(reference.repository()).isEqualTo(repository);
    assertThat(reference.tag()).isEqualTo(tag);
    assertThat(reference.digest()).isEqualTo(digest);
  }

  @org.junit.jupiter.api.Test
  void digestWithoutTag() {
    ImageReference reference = ImageReference.parse("registry.example/app@" + DIGEST);

    assertThat(reference.tag()).isEmpty();
    assertThat(reference.manifestReference()).isEqualTo(DIGEST);
    assertThat(reference.canonical()).isEqualTo("registry.example/app@" + DIGEST);
  }

  @org.junit.jupiter.api.Test
  void digestWinsOverTag() {
    ImageReference reference = ImageReference.parse("app:1.0@" + DIGEST);

    assertThat(reference.manifestReference()).isEqualTo(DIGEST);
    assertThat(reference.canonical()).isEqualTo("docker.io/library/app:1.0@" + DIGEST);
  }

  @org.junit.jupiter.api.Test
  void spellingsShareCanonicalForm() {
    assertThat(ImageReference.parse("redis").canonical())
        .isEqualTo(ImageReference.parse("docker.io/library/redis:latest").canonical())
        .isEqualTo("docker.io/library/redis:latest");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "'' | the image reference is empty",
      "Registry.Example/UPPER:1 | is not a repository path",
      "app:bad/tag | \"app:bad\" is not a registry host",
      "app:-x | is not a valid tag",
      "app@sha256:xyz | is not a digest",
      "app//x | is not a repository path",
  })
  void rejectsInvalid(String image, String message) {
    assertThatThrownBy(() -> ImageReference.parse(image))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
