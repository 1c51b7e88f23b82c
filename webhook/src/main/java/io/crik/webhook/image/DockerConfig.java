package io.crik.webhook.image;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registry credentials from the content of an image pull secret: {@code .dockerconfigjson}
 * ({@code {"auths": {host: entry}}}) or the older {@code .dockercfg} ({@code {host: entry}}). An
 * entry has {@code auth} (base64 of {@code user:password}) or {@code username} and
 * {@code password}. Identity tokens are not supported.
 */
public final class DockerConfig {

  /** Names under which Docker Hub appears in docker config files; all mean {@code docker.io}. */
  private static final Set<String> DOCKER_HUB_ALIASES = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Map<String, RegistryCredentials> byRegistry;

  private DockerConfig(Map<String, RegistryCredentials> byRegistry) {
    this.byRegistry = Map.copyOf(byRegistry);
  }

  /**
   * Parses the file's content.
   *
   * @throws IllegalArgumentException without any part of the content in its message
   */
  public static DockerConfig parse(String content) {
    JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("the pull secret is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the pull secret is not a JSON object");
    }
    JsonNode auths = root.has("auths") ? root.path("auths") : root;
    Map<String, RegistryCredentials> byRegistry = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : auths.properties()) {
      credentials(entry.getValue()).ifPresent(found -> byRegistry.putIfAbsent(registryOf(entry.getKey()), found));
    }
    return new DockerConfig(byRegistry);
  }

  public Optional<RegistryCredentials> forRegistry(String registry) {
    return Optional.ofNullable(byRegistry.get(registry.toLowerCase(Locale.ROOT)));
  }

  /** Reduces a key such as {@code https://registry.example:5000/v1/} to {@code registry.example:5000}. */
  static String registryOf(String key) {
    String host = key.trim().toLowerCase(Locale.ROOT);
    int scheme = host.indexOf("://");
    if (scheme >= 0) {
      host = host.substring(scheme + 3);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    return DOCKER_HUB_ALIASES.contains(host) ? ImageReference.DOCKER_HUB : host;
  }

  private static Optional<RegistryCredentials> credentials(JsonNode entry) {
    String username = entry.path("username").asString("");
    String password = entry.path("password").asString("");
    if (!username.isEmpty() && !password.isEmpty()) {
      return Optional.of(new RegistryCredentials(username, password));
    }
    String auth = entry.path("auth").asString("");
    if (auth.isEmpty()) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    return Optional.of(new RegistryCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }
}
