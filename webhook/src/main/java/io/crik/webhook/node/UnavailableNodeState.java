package io.crik.webhook.node;

/** The lookup when node state cannot be known: without a Kubernetes API, or with the service disabled. */
final class UnavailableNodeState implements NodeStateLookup {

  static final String NO_CLUSTER = "the webhook runs without a Kubernetes API (a local run), so wrappers fall back"
      + " to their CRIK_NODE_STATE_UNKNOWN setting";
  static final String DISABLED = "crik.webhook.node-state.enabled is false, so wrappers fall back to their"
      + " CRIK_NODE_STATE_UNKNOWN setting";

  private final String reason;

  UnavailableNodeState(String reason) {
    this.reason = reason;
  }

  @Override
  public NodeStateAnswer lookup(String node) {
    return NodeStateAnswer.unavailable(node, reason);
  }

  String reason() {
    return reason;
  }
}
