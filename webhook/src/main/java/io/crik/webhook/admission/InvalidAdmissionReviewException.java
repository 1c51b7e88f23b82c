package io.crik.webhook.admission;

/** The request is not an AdmissionReview this webhook can answer; the message is one line for HTTP 400. */
public final class InvalidAdmissionReviewException extends Exception {

  public InvalidAdmissionReviewException(String message) {
    super(message, null, false, false);
  }
}
