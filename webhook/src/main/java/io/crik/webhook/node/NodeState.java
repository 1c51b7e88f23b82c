package io.crik.webhook.node;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Whether a node is going away, as {@code GET /nodes/{name}} returns it.
 *
 * @param node the Node's name
 * @param goingAway true when at least one reason applies
 * @param reasons every signal seen, oldest first; empty when the node is not going away
 * @param since the time of the oldest reason, or null when the node is not going away
 */
public record NodeState(String node, boolean goingAway, List<GoingAwayReason> reasons, Instant since) {

  public NodeState {
    Objects.requireNonNull(node, "node");
    reasons = List.copyOf(reasons);
  }

  /** Returns the state of {@code node} with these reasons, sorted oldest first. */
  public static NodeState of(String node, List<GoingAwayReason> reasons) {
    List<GoingAwayReason> sorted = reasons.stream()
        .sorted(Comparator.comparing(GoingAwayReason::since).thenComparing(GoingAwayReason::type))
        .toList();
    Instant since = sorted.isEmpty() ? null : sorted.get(0).since();
    return new NodeState(node, !sorted.isEmpty(), sorted, since);
  }

  /** Returns a one-line summary for the log, such as {@code going away since <time>: DisruptionTaint (taint ...)}. */
  String describe() {
    if (!goingAway) {
      return "not going away";
    }
    StringBuilder text = new StringBuilder("going away since ").append(since).append(':');
    for (GoingAwayReason reason : reasons) {
      text.append(' ').append(reason.type()).append(" (").append(reason.message()).append(')');
    }
    return text.toString();
  }
}
