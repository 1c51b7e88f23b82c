package io.crik.webhook.admission;

import io.crik.webhook.config.WebhookProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /mutate}: reads the AdmissionReview body up to the configured size and returns the
 * AdmissionReview response, or HTTP 400 with a one-line reason when the body is not one.
 */
@RestController
public class AdmissionController {

  private static final Logger log = LoggerFactory.getLogger(AdmissionController.class);

  private final AdmissionReviewReader reader;
  private final AdmissionHandler handler;
  private final AdmissionResponseWriter writer;
  private final AdmissionMetrics metrics;
  private final long maxRequestBytes;

  public AdmissionController(AdmissionReviewReader reader, AdmissionHandler handler, AdmissionResponseWriter writer,
      AdmissionMetrics metrics, WebhookProperties properties) {
    this.reader = reader;
    this.handler = handler;
    this.writer = writer;
    this.metrics = metrics;
    this.maxRequestBytes = properties.getMaxRequestSize().toBytes();
  }

  @PostMapping(path = "/mutate", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<byte[]> mutate(HttpServletRequest request) throws IOException, InvalidAdmissionReviewException {
    byte[] body = readBody(request);
    PodAdmissionRequest admission = reader.read(body);
    AdmissionVerdict verdict = handler.handle(admission);
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(writer.write(admission.uid(), verdict));
  }

  @ExceptionHandler(InvalidAdmissionReviewException.class)
  public ResponseEntity<String> badRequest(InvalidAdmissionReviewException e, HttpServletRequest request) {
    metrics.recordRejected("bad-request");
    log.warn("admission rejected with HTTP 400 from {}: {}", request.getRemoteAddr(), e.getMessage());
    return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body(e.getMessage() + "\n");
  }

  private byte[] readBody(HttpServletRequest request) throws IOException, InvalidAdmissionReviewException {
    long declared = request.getContentLengthLong();
    if (declared > maxRequestBytes) {
      throw tooLarge(declared);
    }
    try (InputStream in = request.getInputStream()) {
      // With a Content-Length the body is read in one exact buffer, otherwise up to one byte past the limit.
      int limit = (int) (declared >= 0 ? declared : Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1));
      byte[] body = in.readNBytes(limit);
      if (body.length > maxRequestBytes) {
        throw tooLarge(-1);
      }
      return body;
    }
  }

  private InvalidAdmissionReviewException tooLarge(long declared) {
    return new InvalidAdmissionReviewException("the request body" + (declared > 0 ? " of " + declared + " bytes" : "")
        + " is larger than the limit of " + maxRequestBytes + " bytes (crik.webhook.max-request-size)");
  }
}
