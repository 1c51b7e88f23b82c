package io.crik.webhook.node;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /nodes/{name}} on the plain-HTTP port: whether the node is going away, for the
 * wrappers that run on it. Returns 200 with the {@link NodeState}, 404 for an unknown node, and
 * 503 while the node cache has not synced (with {@code Retry-After}) or when node state is
 * unavailable. Every body is JSON.
 */
@RestController
public class NodeStateController {

  /**
   * The body of a 404 or 503 response. {@code error} is {@code not-found}, {@code not-synced} or
   * {@code unavailable}, the same value as the {@code answer} label of the request metric.
   */
  public record NodeStateError(String node, String error, String message) {}

  /** Seconds a wrapper should wait before it sends the request again while the cache has not synced. */
  static final String RETRY_AFTER_SECONDS = "1";

  private final NodeStateLookup lookup;
  private final NodeStateMetrics metrics;

  public NodeStateController(NodeStateLookup lookup, NodeStateMetrics metrics) {
    this.lookup = lookup;
    this.metrics = metrics;
  }

  @GetMapping(path = "/nodes/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Object> nodeState(@PathVariable String name) {
    NodeStateAnswer answer = lookup.lookup(name);
    metrics.record(answer);
    return switch (answer.kind()) {
      case KNOWN -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer.state());
      case NOT_FOUND -> error(HttpStatus.NOT_FOUND, answer);
      case NOT_SYNCED -> error(HttpStatus.SERVICE_UNAVAILABLE, answer);
      case UNAVAILABLE -> error(HttpStatus.SERVICE_UNAVAILABLE, answer);
    };
  }

  private static ResponseEntity<Object> error(HttpStatus status, NodeStateAnswer answer) {
    ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
    if (answer.kind() == NodeStateAnswer.Kind.NOT_SYNCED) {
      response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    String error = NodeStateMetrics.Answer.of(answer).label();
    return response.body(new NodeStateError(answer.node(), error, answer.message()));
  }
}
