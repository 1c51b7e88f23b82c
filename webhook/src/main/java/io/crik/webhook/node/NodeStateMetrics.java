package io.crik.webhook.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Meters of the node-state service: {@code crik_node_state_requests_total{answer}} and, with a
 * cluster, {@code crik_nodes_going_away} in Prometheus form.
 */
public final class NodeStateMetrics {

  /** The {@code answer} label of a request. */
  public enum Answer {
    GOING_AWAY("going-away"),
    NOT_GOING_AWAY("not-going-away"),
    NOT_FOUND("not-found"),
    NOT_SYNCED("not-synced"),
    UNAVAILABLE("unavailable");

    private final String label;

    Answer(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    static Answer of(NodeStateAnswer answer) {
      return switch (answer.kind()) {
        case KNOWN -> answer.state().goingAway() ? GOING_AWAY : NOT_GOING_AWAY;
        case NOT_FOUND -> NOT_FOUND;
        case NOT_SYNCED -> NOT_SYNCED;
        case UNAVAILABLE -> UNAVAILABLE;
      };
    }
  }

  private final Map<Answer, Counter> requests = new EnumMap<>(Answer.class);

  public NodeStateMetrics(MeterRegistry meters, NodeStateLookup lookup) {
    for (Answer answer : Answer.values()) {
      requests.put(answer, Counter.builder("crik.node.state.requests")
          .description("GET /nodes/{name} requests by answer")
          .tag("answer", answer.label())
          .register(meters));
    }
    if (lookup instanceof NodeStateCache cache) {
      Gauge.builder("crik.nodes.going.away", cache, NodeStateCache::goingAway)
          .description("Nodes in the node cache that are going away")
          .register(meters);
    }
  }

  void record(NodeStateAnswer answer) {
    requests.get(Answer.of(answer)).increment();
  }
}
