package io.crik.webhook.image;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Registry API endpoints by registry host. A host without an entry is reached at
 * {@code https://<host>}, except Docker Hub, whose API host differs from {@code docker.io} and so
 * must be configured.
 */
final class RegistryEndpoints {

  /** Base URL of Docker Hub's registry API, as README.md and charts/crik/values.yaml document it. */
  static final String DOCKER_HUB_URL = "https://registry-1.docker.io/";

  private final Map<String, URI> configured;

  RegistryEndpoints(Map<String, URI> configured) {
    this.configured = Map.copyOf(configured);
  }

  Optional<URI> endpoint(String registry) {
    URI uri = configured.get(registry);
    if (uri != null) {
      return Optional.of(uri);
    }
    if (registry.equals(ImageReference.DOCKER_HUB)) {
      return Optional.empty();
    }
    return Optional.of(URI.create("https://" + registry + "/"));
  }
}
