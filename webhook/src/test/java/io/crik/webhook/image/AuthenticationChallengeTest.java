package io.crik.webhook.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthenticationChallengeTest {

  @Test
  void bearerWithQuotedParameters() {
    AuthenticationChallenge challenge = AuthenticationChallenge.parse(
        "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\"")
        .orElseThrow();

    assertThat(challenge.isBearer()).isTrue();
    assertThat(challenge.parameter("realm")).contains("https://auth.example/token");
    assertThat(challenge.parameter("service")).contains("registry.example");
    assertThat(challenge.parameter("scope")).contains("repository:a/b:pull,push");
  }

  @Test
  void basicWithUnquotedRealm() {
    AuthenticationChallenge challenge = AuthenticationChallenge.parse("Basic realm=registry").orElseThrow();

    assertThat(challenge.isBasic()).isTrue();
    assertThat(challenge.parameter("realm")).contains("registry");
  }

  @Test
  void missingHeader() {
    assertThat(AuthenticationChallenge.parse(null)).isEmpty();
    assertThat(AuthenticationChallenge.parse(" ")).isEmpty();
  }
}
