package io.crik.webhook.node;

import java.util.Objects;

/**
 * The result of looking up one node.
 *
 * @param kind what the lookup found
 * @param node the requested node name
 * @param state the node's state when {@code kind} is {@link Kind#KNOWN}, else null
 * @param message why there is no state, for the HTTP body; null when {@code kind} is KNOWN
 */
public record NodeStateAnswer(Kind kind, String node, NodeState state, String message) {

  public enum Kind {
    /** The node is in the cache, or was deleted within the retention time. */
    KNOWN,
    /** The cache has synced and contains no Node of that name. */
    NOT_FOUND,
    /** The informer has not listed the Nodes yet; asking again shortly helps. */
    NOT_SYNCED,
    /** Node state cannot be known at all: no Kubernetes API, or the service is disabled. */
    UNAVAILABLE
  }

  public NodeStateAnswer {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(node, "node");
    if ((kind == Kind.KNOWN) != (state != null)) {
      throw new IllegalArgumentException("kind " + kind + " with state " + state + " is invalid: only KNOWN has a state");
    }
  }

  static NodeStateAnswer known(NodeState state) {
    return new NodeStateAnswer(Kind.KNOWN, state.node(), state, null);
  }

  static NodeStateAnswer notFound(String node) {
    return new NodeStateAnswer(Kind.NOT_FOUND, node, null, "node \"" + node + "\" not found: the node cache has no Node"
        + " of that name");
  }

  static NodeStateAnswer notSynced(String node) {
    return new NodeStateAnswer(Kind.NOT_SYNCED, node, null, "node state is not ready: the node cache has not listed the"
        + " Nodes from the Kubernetes API yet; retry in a moment");
  }

  static NodeStateAnswer unavailable(String node, String reason) {
    return new NodeStateAnswer(Kind.UNAVAILABLE, node, null, "node state is unavailable: " + reason);
  }
}
