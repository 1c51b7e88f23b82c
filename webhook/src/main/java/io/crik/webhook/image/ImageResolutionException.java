package io.crik.webhook.image;

/**
 * Failure to read an image's config from its registry. The message completes the sentence
 * "cannot find the image's ENTRYPOINT and CMD, because ...".
 */
public final class ImageResolutionException extends Exception {

  /** The kind of failure, as the label {@code result} of the registry lookup metric. */
  public enum Kind {
    NOT_FOUND("not-found"),
    UNAUTHORIZED("unauthorized"),
    TIMEOUT("timeout"),
    NO_PLATFORM("no-platform"),
    INVALID("invalid"),
    /** The connection to the registry failed: refused, unknown host, no route, or a failed TLS handshake. */
    UNREACHABLE("unreachable"),
    ERROR("error");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Kind kind;

  public ImageResolutionException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ImageResolutionException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
