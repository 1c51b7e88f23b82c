package io.crik.webhook.image;

/** Result of finding a container image's ENTRYPOINT and CMD. */
public sealed interface ImageLookup {

  /** Found, with where it came from ({@code static}, {@code cache} or {@code registry}). */
  record Found(ImageConfig config, String source) implements ImageLookup {}

  /**
   * Not found.
   *
   * @param reason the failure, for the message to the user, without a fix
   * @param registryFix a configuration change that lets the lookup succeed, as a clause that starts
   *     in lower case, or an empty string when the failure has no such fix
   */
  record Failed(String reason, String registryFix) implements ImageLookup {

    public Failed(String reason) {
      this(reason, "");
    }
  }
}
