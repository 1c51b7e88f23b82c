package io.crik.webhook.node;

import java.time.Instant;
import java.util.Objects;

/**
 * One signal that a node is going away.
 *
 * @param type the kind of signal, one of the constants below
 * @param message what was seen on the Node, such as the taint with its effect
 * @param since when the signal appeared: the Node's own timestamp where it has one, otherwise
 *     the time this webhook first saw it
 */
public record GoingAwayReason(String type, String message, Instant since) {

  /** The kubelet's graceful node shutdown: Ready is False with the message "node is shutting down". */
  public static final String GRACEFUL_NODE_SHUTDOWN = "GracefulNodeShutdown";
  /** A taint from the configured list of disruption taints. */
  public static final String DISRUPTION_TAINT = "DisruptionTaint";
  /** {@code spec.unschedulable: true}, counted only when configured. */
  public static final String CORDONED = "Cordoned";
  /** The Node has a deletion timestamp; finalizers such as Karpenter's keep it until the node is drained. */
  public static final String NODE_DELETING = "NodeDeleting";
  /** The Node object was deleted while the wrappers on it may still run. */
  public static final String NODE_DELETED = "NodeDeleted";

  public GoingAwayReason {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(since, "since");
  }
}
