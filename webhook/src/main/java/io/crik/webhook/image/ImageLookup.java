package io.crik.webhook.image;

/** Result of finding a container image's ENTRYPOINT and CMD. */
public sealed interface ImageLookup {

  /** Found, with where it came from ({@code static}, {@code cache} or {@code registry}). */
  record Found(ImageConfig config, String source) implements ImageLookup {}

  /** Not found; {@code reason} describes the failure for the message to the user. */
  record Failed(String reason) implements ImageLookup {}
}
