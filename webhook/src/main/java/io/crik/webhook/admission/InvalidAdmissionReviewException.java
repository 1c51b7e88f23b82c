package io.crik.webhook.admission;

/** Invalid AdmissionReview request. The message is the one-line reason of the HTTP 400 response. */
public final class InvalidAdmissionReviewException extends Exception {

  public InvalidAdmissionReviewException(String message) {
    super(message, null, false, false);
  }
}
