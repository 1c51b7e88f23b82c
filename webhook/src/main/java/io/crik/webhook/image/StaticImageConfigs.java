package io.crik.webhook.image;

import java.util.HashMap;
import java.util.Map;

/** The static mapping from image references to configs, keyed by canonical reference. */
final class StaticImageConfigs {

  private StaticImageConfigs() {}

  /**
   * Re-keys the mapping by canonical reference, so that {@code redis:7} in the configuration
   * matches {@code docker.io/library/redis:7} in a pod.
   *
   * @throws IllegalArgumentException naming the entry whose image reference is invalid
   */
  static Map<String, ImageConfig> normalize(Map<String, ImageConfig> configured) {
    Map<String, ImageConfig> normalized = new HashMap<>();
    configured.forEach((image, config) -> {
      try {
        normalized.put(ImageReference.parse(image).canonical(), config);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("crik.webhook.images: " + e.getMessage(), e);
      }
    });
    return Map.copyOf(normalized);
  }
}
