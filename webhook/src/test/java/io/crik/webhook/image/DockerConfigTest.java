package io.crik.webhook.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DockerConfigTest {

  private static String auth(String pair) {
    return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void dockerConfigJsonWithAuthField() {
    DockerConfig config = DockerConfig.parse("{\"auths\":{\"registry.example:5000\":{\"auth\":\"" + auth("robot:pa:ss")
        + "\"}}}");

    assertThat(config.forRegistry("registry.example:5000"))
        .contains(new RegistryCredentials("robot", "pa:ss"));
  }

  @Test
  void usernameAndPasswordFields() {
    DockerConfig config = DockerConfig.parse(
        "{\"auths\":{\"https://registry.example/v2/\":{\"username\":\"u\",\"password\":\"p\"}}}");

    assertThat(config.forRegistry("registry.example")).contains(new RegistryCredentials("u", "p"));
  }

  @Test
  void dockerHubAliases() {
    DockerConfig config = DockerConfig.parse("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
        + auth("hub:token") + "\"}}}");

    assertThat(config.forRegistry("docker.io")).contains(new RegistryCredentials("hub", "token"));
  }

  @Test
  void legacyDockercfg() {
    DockerConfig config = DockerConfig.parse("{\"registry.example\":{\"auth\":\"" + auth("old:style") + "\"}}");

    assertThat(config.forRegistry("registry.example")).contains(new RegistryCredentials("old", "style"));
  }

  @Test
  void entryWithoutCredentialsIsIgnored() {
    DockerConfig config = DockerConfig.parse("{\"auths\":{\"registry.example\":{\"identitytoken\":\"x\"}}}");

    assertThat(config.forRegistry("registry.example")).isEmpty();
  }

  @Test
  void invalidJsonMessageHidesContent() {
    assertThatThrownBy(() -> DockerConfig.parse("{\"auths\": secret-value"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the pull secret is not valid JSON");
  }

  @Test
  void toStringHidesPassword() {
    assertThat(new RegistryCredentials("u", "hunter2").toString()).doesNotContain("hunter2");
  }
}
