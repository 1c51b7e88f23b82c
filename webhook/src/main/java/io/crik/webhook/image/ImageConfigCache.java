package io.crik.webhook.image;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Caches image configs by manifest digest, which never changes what it names, and the digest a
 * tag resolved to for a limited time, because a tag can be pushed again. Both maps keep the most
 * recently used entries up to a bound. An entry read with credentials carries their scope (see
 * {@link CredentialsSource#cacheScope()}) and serves only lookups in that scope; an entry read
 * without credentials serves all.
 */
final class ImageConfigCache {

  private record TagEntry(String digest, Instant expires) {}

  private static final String PUBLIC = "public ";

  private final Map<String, ImageConfig> configs;
  private final Map<String, TagEntry> tags;
  private final Duration tagTtl;
  private final Clock clock;

  ImageConfigCache(int maxEntries, Duration tagTtl, Clock clock) {
    this.configs = boundedMap(maxEntries);
    this.tags = boundedMap(maxEntries);
    this.tagTtl = tagTtl;
    this.clock = clock;
  }

  /** Returns the public entry, else the one of {@code scope}. */
  synchronized Optional<ImageConfig> get(ImageReference image, Platform platform, String scope) {
    return getWithPrefix(image, platform, PUBLIC).or(() -> getWithPrefix(image, platform, scopePrefix(scope)));
  }

  /**
   * Stores a config with the digest it was read at; {@code scope} is empty for one read without
   * credentials.
   */
  synchronized void put(ImageReference image, Platform platform, String digest, ImageConfig config,
      Optional<String> scope) {
    String prefix = scope.map(ImageConfigCache::scopePrefix).orElse(PUBLIC);
    configs.put(prefix + digestKey(image, digest, platform), config);
    if (image.digestIfAny().isEmpty()) {
      tags.put(prefix + tagKey(image, platform), new TagEntry(digest, clock.instant().plus(tagTtl)));
    }
  }

  private Optional<ImageConfig> getWithPrefix(ImageReference image, Platform platform, String prefix) {
    Optional<String> digest = image.digestIfAny();
    if (digest.isEmpty()) {
      TagEntry entry = tags.get(prefix + tagKey(image, platform));
      if (entry == null || !clock.instant().isBefore(entry.expires())) {
        return Optional.empty();
      }
      digest = Optional.of(entry.digest());
    }
    return Optional.ofNullable(configs.get(prefix + digestKey(image, digest.get(), platform)));
  }

  private static String scopePrefix(String scope) {
    return "scope " + scope.length() + ":" + scope + " ";
  }

  synchronized int size() {
    return configs.size();
  }

  private static String tagKey(ImageReference image, Platform platform) {
    return image.registry() + "/" + image.repository() + ":" + image.tag() + " " + platform;
  }

  private static String digestKey(ImageReference image, String digest, Platform platform) {
    return image.registry() + "/" + image.repository() + "@" + digest + " " + platform;
  }

  private static <V> Map<String, V> boundedMap(int maxEntries) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > maxEntries;
      }
    };
  }
}
