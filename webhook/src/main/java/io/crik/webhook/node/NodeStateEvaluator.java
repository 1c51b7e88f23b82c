package io.crik.webhook.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides from a Node object whether the node is going away. A pure function: the time and the
 * previous state are inputs, so that a signal without a timestamp of its own keeps the time it
 * was first seen.
 */
public final class NodeStateEvaluator {

  /**
   * The error the kubelet's node shutdown manager reports while the node shuts down. The kubelet
   * puts it into the message of the Ready condition (status False, reason KubeletNotReady), joined
   * with any other errors it has.
   */
  static final String SHUTDOWN_MESSAGE = "node is shutting down";

  /** A signal as found on the Node; {@code timestamp} is null when the Node records no time for it. */
  private record Signal(String type, String message, Instant timestamp) {}

  private NodeStateEvaluator() {}

  /**
   * Evaluates {@code node} under {@code rules}.
   *
   * @param previous the last state of the same node, or null; a signal it already reported keeps its time
   * @param now the time to give signals that appear now and carry no timestamp
   */
  public static NodeState evaluate(Node node, NodeStateRules rules, NodeState previous, Instant now) {
    List<Signal> signals = new ArrayList<>();
    shutdown(node, signals);
    disruptionTaints(node, rules, signals);
    if (rules.cordonedIsGoingAway() && node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      signals.add(new Signal(GoingAwayReason.CORDONED, "spec.unschedulable is true", null));
    }
    String deletion = node.getMetadata().getDeletionTimestamp();
    if (deletion != null) {
      signals.add(new Signal(GoingAwayReason.NODE_DELETING, "metadata.deletionTimestamp is " + deletion, parse(deletion)));
    }

    List<GoingAwayReason> reasons = new ArrayList<>();
    for (Signal signal : signals) {
      reasons.add(reason(signal, previous, now));
    }
    return NodeState.of(node.getMetadata().getName(), reasons);
  }

  /** Returns the state of a node whose Node object was just deleted: its last reasons and NodeDeleted. */
  public static NodeState deleted(String name, NodeState previous, Instant now) {
    List<GoingAwayReason> reasons = new ArrayList<>();
    if (previous != null) {
      reasons.addAll(previous.reasons());
    }
    reasons.add(new GoingAwayReason(GoingAwayReason.NODE_DELETED, "the Node object was deleted", now));
    return NodeState.of(name, reasons);
  }

  private static void shutdown(Node node, List<Signal> signals) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return;
    }
    for (NodeCondition condition : node.getStatus().getConditions()) {
      if (!"Ready".equals(condition.getType()) || !"False".equals(condition.getStatus())) {
        continue;
      }
      // The kubelet writes the error into the message; the reason is checked as well because
      // the Kubernetes documentation calls that text the condition's reason.
      String text = mentionsShutdown(condition.getMessage()) ? condition.getMessage()
          : mentionsShutdown(condition.getReason()) ? condition.getReason() : null;
      if (text != null) {
        signals.add(new Signal(GoingAwayReason.GRACEFUL_NODE_SHUTDOWN, "Ready is False: " + text,
            parse(condition.getLastTransitionTime())));
      }
    }
  }

  private static void disruptionTaints(Node node, NodeStateRules rules, List<Signal> signals) {
    if (node.getSpec() == null || node.getSpec().getTaints() == null) {
      return;
    }
    for (Taint taint : node.getSpec().getTaints()) {
      if (taint.getKey() != null && rules.disruptionTaints().contains(taint.getKey())) {
        signals.add(new Signal(GoingAwayReason.DISRUPTION_TAINT, "taint " + describe(taint), parse(taint.getTimeAdded())));
      }
    }
  }

  /** Returns the reason for a signal: with its own timestamp, else the time {@code previous} gave it, else {@code now}. */
  private static GoingAwayReason reason(Signal signal, NodeState previous, Instant now) {
    if (signal.timestamp() != null) {
      return new GoingAwayReason(signal.type(), signal.message(), signal.timestamp());
    }
    if (previous != null) {
      for (GoingAwayReason earlier : previous.reasons()) {
        if (earlier.type().equals(signal.type()) && earlier.message().equals(signal.message())) {
          return earlier;
        }
      }
    }
    return new GoingAwayReason(signal.type(), signal.message(), now);
  }

  private static boolean mentionsShutdown(String text) {
    return text != null && text.contains(SHUTDOWN_MESSAGE);
  }

  /** Returns the taint as kubectl prints it: {@code key=value:Effect}, or {@code key:Effect} without a value. */
  private static String describe(Taint taint) {
    String value = taint.getValue() == null || taint.getValue().isEmpty() ? "" : "=" + taint.getValue();
    return taint.getKey() + value + ":" + taint.getEffect();
  }

  /** Returns the instant of a Kubernetes timestamp (RFC 3339), or null when it is absent or unreadable. */
  private static Instant parse(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
