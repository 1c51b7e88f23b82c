package io.crik.webhook.mutation;

/** A crik annotation has a value that cannot be used; the message names the value and the fix. */
final class InvalidAnnotationException extends Exception {

  InvalidAnnotationException(String message) {
    super(message, null, false, false);
  }
}
