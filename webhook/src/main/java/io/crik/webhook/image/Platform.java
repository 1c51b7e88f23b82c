package io.crik.webhook.image;

import java.util.Locale;

/**
 * An OCI platform, as in {@code linux/amd64} or {@code linux/arm64/v8}.
 *
 * @param variant CPU variant, empty when none is given
 */
public record Platform(String os, String architecture, String variant) {

  public Platform {
    variant = variant == null ? "" : variant;
  }

  /** Parses {@code os/architecture[/variant]}. */
  public static Platform parse(String value) {
    String[] parts = value.trim().toLowerCase(Locale.ROOT).split("/", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException("invalid platform \"" + value
          + "\": use os/architecture[/variant], for example linux/amd64 or linux/arm64/v8");
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
  }

  /**
   * Returns true when an image built for {@code candidate} runs on this platform. An empty variant
   * on either side matches, and arm64 images without a variant are v8.
   */
  public boolean accepts(String candidateOs, String candidateArchitecture, String candidateVariant) {
    if (!os.equals(candidateOs) || !architecture.equals(candidateArchitecture)) {
      return false;
    }
    String requested = normalizeVariant(architecture, variant);
    String offered = normalizeVariant(candidateArchitecture, candidateVariant == null ? "" : candidateVariant);
    return requested.isEmpty() || offered.isEmpty() || requested.equals(offered);
  }

  @Override
  public String toString() {
    return variant.isEmpty() ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
  }

  private static String normalizeVariant(String architecture, String variant) {
    return architecture.equals("arm64") && variant.equals("v8") ? "" : variant;
  }
}
