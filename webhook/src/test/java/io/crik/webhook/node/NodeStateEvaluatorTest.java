package io.crik.webhook.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The evaluation of a Node into a node state, as a table of real Node shapes. */
class NodeStateEvaluatorTest {

  private static final Instant NOW = Instant.parse("2026-12-04T20:00:00Z");
  private static final String TRANSITION = "2026-12-04T19:59:30Z";
  private static final NodeStateRules DEFAULTS = new NodeStateProperties().rules();
  private static final NodeStateRules WITH_CORDON = new NodeStateRules(DEFAULTS.disruptionTaints(), true);

  /** Returns a Ready node as the kubelet reports it, changed by {@code change}. */
  private static Node node(UnaryOperator<NodeBuilder> change) {
    NodeBuilder ready = new NodeBuilder().withNewMetadata().withName("worker-1").endMetadata()
        .withNewSpec().endSpec()
        .withNewStatus()
        .addToConditions(new NodeConditionBuilder().withType("MemoryPressure").withStatus("False")
            .withReason("KubeletHasSufficientMemory").build())
        .addToConditions(ready("True", "KubeletReady", "kubelet is posting ready status"))
        .endStatus();
    return change.apply(ready).build();
  }

  private static io.fabric8.kubernetes.api.model.NodeCondition ready(String status, String reason, String message) {
    return new NodeConditionBuilder().withType("Ready").withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime(TRANSITION).withLastHeartbeatTime(TRANSITION).build();
  }

  private static UnaryOperator<NodeBuilder> readyCondition(String status, String reason, String message) {
    return builder -> builder.editStatus().withConditions(ready(status, reason, message)).endStatus();
  }

  private static UnaryOperator<NodeBuilder> taint(String key, String value, String effect) {
    return builder -> builder.editSpec().addToTaints(new TaintBuilder().withKey(key).withValue(value).withEffect(effect)
        .build()).endSpec();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("ready node", node(UnaryOperator.identity()), DEFAULTS, List.of()),
        Arguments.of("graceful shutdown", node(readyCondition("False", "KubeletNotReady", "node is shutting down")),
            DEFAULTS, List.of(GoingAwayReason.GRACEFUL_NODE_SHUTDOWN)),
        Arguments.of("graceful shutdown among other errors", node(readyCondition("False", "KubeletNotReady",
            "[container runtime network not ready, node is shutting down]")), DEFAULTS,
            List.of(GoingAwayReason.GRACEFUL_NODE_SHUTDOWN)),
        Arguments.of("shutdown text in the reason", node(readyCondition("False", "node is shutting down", "")),
            DEFAULTS, List.of(GoingAwayReason.GRACEFUL_NODE_SHUTDOWN)),
        Arguments.of("not ready for another cause", node(readyCondition("False", "KubeletNotReady",
            "PLEG is not healthy: pleg was last seen active 3m0s ago")), DEFAULTS, List.of()),
        Arguments.of("unreachable node", node(readyCondition("Unknown", "NodeStatusUnknown",
            "Kubelet stopped posting node status.")), DEFAULTS, List.of()),
        Arguments.of("shutdown text while Ready is True", node(readyCondition("True", "KubeletReady",
            "node is shutting down")), DEFAULTS, List.of()),
        Arguments.of("taint not in the list", node(taint("node.kubernetes.io/unschedulable", null, "NoSchedule")),
            DEFAULTS, List.of()),
        Arguments.of("cluster-autoscaler deletion candidate", node(taint("DeletionCandidateOfClusterAutoscaler",
            "1733342400", "PreferNoSchedule")), DEFAULTS, List.of()),
        Arguments.of("cordoned, cordon not counted", node(builder -> builder.editSpec().withUnschedulable(true).endSpec()),
            DEFAULTS, List.of()),
        Arguments.of("cordoned, cordon counted", node(builder -> builder.editSpec().withUnschedulable(true).endSpec()),
            WITH_CORDON, List.of(GoingAwayReason.CORDONED)),
        Arguments.of("uncordoned, cordon counted", node(builder -> builder.editSpec().withUnschedulable(false).endSpec()),
            WITH_CORDON, List.of()),
        Arguments.of("deletion in progress", node(builder -> builder.editMetadata()
            .withDeletionTimestamp("2026-12-04T19:58:00Z").withFinalizers("karpenter.sh/termination").endMetadata()),
            DEFAULTS, List.of(GoingAwayReason.NODE_DELETING)),
        Arguments.of("extra taint", node(taint("example.com/reclaim", "soon", "NoExecute")),
            new NodeStateRules(Set.of("example.com/reclaim"), false), List.of(GoingAwayReason.DISRUPTION_TAINT)),
        Arguments.of("default taint when only extra ones are set", node(taint("karpenter.sh/disrupted", null,
            "NoSchedule")), new NodeStateRules(Set.of("example.com/reclaim"), false), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void evaluatesSignals(String name, Node node, NodeStateRules rules, List<String> expectedTypes) {
    NodeState state = NodeStateEvaluator.evaluate(node, rules, null, NOW);

    assertThat(state.node()).isEqualTo("worker-1");
    assertThat(state.reasons()).extracting(GoingAwayReason::type).containsExactlyElementsOf(expectedTypes);
    assertThat(state.goingAway()).isEqualTo(!expectedTypes.isEmpty());
    if (expectedTypes.isEmpty()) {
      assertThat(state.since()).isNull();
    } else {
      assertThat(state.since()).isNotNull();
    }
  }

  static Stream<String> defaultTaints() {
    return NodeStateProperties.DEFAULT_DISRUPTION_TAINTS.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defaultTaints")
  void defaultTaintMeansGoingAway(String key) {
    NodeState state = NodeStateEvaluator.evaluate(node(taint(key, null, "NoSchedule")), DEFAULTS, null, NOW);

    assertThat(state.goingAway()).isTrue();
    assertThat(state.reasons()).singleElement().satisfies(reason -> {
      assertThat(reason.type()).isEqualTo(GoingAwayReason.DISRUPTION_TAINT);
      assertThat(reason.message()).isEqualTo("taint " + key + ":NoSchedule");
      assertThat(reason.since()).isEqualTo(NOW);
    });
  }

  @Test
  void defaultTaintsNameEachProvider() {
    assertThat(NodeStateProperties.DEFAULT_DISRUPTION_TAINTS).contains(
        "ToBeDeletedByClusterAutoscaler",
        "karpenter.sh/disrupted",
        "aws-node-termination-handler/spot-itn",
        "aws-node-termination-handler/scheduled-maintenance",
        "aws-node-termination-handler/asg-lifecycle-termination",
        "aws-node-termination-handler/rebalance-recommendation",
        "cloud.google.com/impending-node-termination",
        "node.kubernetes.io/out-of-service");
  }

  @Nested
  @DisplayName("since")
  class Since {

    @Test
    void shutdownUsesConditionTransition() {
      NodeState state = NodeStateEvaluator.evaluate(
          node(readyCondition("False", "KubeletNotReady", "node is shutting down")), DEFAULTS, null, NOW);

      assertThat(state.since()).isEqualTo(Instant.parse(TRANSITION));
      assertThat(state.reasons().get(0).message()).isEqualTo("Ready is False: node is shutting down");
    }

    @Test
    void taintUsesTimeAdded() {
      Node node = node(builder -> builder.editSpec().addToTaints(new TaintBuilder()
          .withKey("node.kubernetes.io/out-of-service").withValue("nodeshutdown").withEffect("NoExecute")
          .withTimeAdded("2026-12-04T19:50:00Z").build()).endSpec());

      NodeState state = NodeStateEvaluator.evaluate(node, DEFAULTS, null, NOW);

      assertThat(state.since()).isEqualTo(Instant.parse("2026-12-04T19:50:00Z"));
      assertThat(state.reasons().get(0).message())
          .isEqualTo("taint node.kubernetes.io/out-of-service=nodeshutdown:NoExecute");
    }

    @Test
    void unreadableTimestampFallsBackToNow() {
      Node node = node(builder -> builder.editSpec().addToTaints(new TaintBuilder().withKey("karpenter.sh/disrupted")
          .withEffect("NoSchedule").withTimeAdded("yesterday").build()).endSpec());

      assertThat(NodeStateEvaluator.evaluate(node, DEFAULTS, null, NOW).since()).isEqualTo(NOW);
    }

    @Test
    void signalKeepsTimeFirstSeen() {
      Node tainted = node(taint("ToBeDeletedByClusterAutoscaler", "1733342400", "NoSchedule"));
      NodeState first = NodeStateEvaluator.evaluate(tainted, DEFAULTS, null, NOW);

      NodeState later = NodeStateEvaluator.evaluate(tainted, DEFAULTS, first, NOW.plusSeconds(60));

      assertThat(later.since()).isEqualTo(NOW);
      assertThat(later.reasons()).isEqualTo(first.reasons());
    }

    @Test
    void signalSeenAgainGetsNewTime() {
      Node tainted = node(taint("karpenter.sh/disrupted", null, "NoSchedule"));
      NodeState first = NodeStateEvaluator.evaluate(tainted, DEFAULTS, null, NOW);
      NodeState cleared = NodeStateEvaluator.evaluate(node(UnaryOperator.identity()), DEFAULTS, first, NOW.plusSeconds(10));

      NodeState again = NodeStateEvaluator.evaluate(tainted, DEFAULTS, cleared, NOW.plusSeconds(20));

      assertThat(cleared.goingAway()).isFalse();
      assertThat(again.since()).isEqualTo(NOW.plusSeconds(20));
    }

    @Test
    void reasonsAreOldestFirst() {
      Node node = node(builder -> readyCondition("False", "KubeletNotReady", "node is shutting down").apply(builder)
          .editSpec().addToTaints(new TaintBuilder().withKey("karpenter.sh/disrupted").withEffect("NoSchedule").build())
          .addToTaints(new TaintBuilder().withKey("ToBeDeletedByClusterAutoscaler").withEffect("NoSchedule")
              .withTimeAdded("2026-12-04T19:00:00Z").build())
          .endSpec());

      NodeState state = NodeStateEvaluator.evaluate(node, DEFAULTS, null, NOW);

      assertThat(state.reasons()).extracting(GoingAwayReason::since).containsExactly(
          Instant.parse("2026-12-04T19:00:00Z"), Instant.parse(TRANSITION), NOW);
      assertThat(state.since()).isEqualTo(Instant.parse("2026-12-04T19:00:00Z"));
    }
  }

  @Nested
  @DisplayName("deleted node")
  class DeletedNode {

    @Test
    void healthyNodeBecomesGoingAway() {
      NodeState before = NodeStateEvaluator.evaluate(node(UnaryOperator.identity()), DEFAULTS, null, NOW);

      NodeState state = NodeStateEvaluator.deleted("worker-1", before, NOW.plusSeconds(5));

      assertThat(state.goingAway()).isTrue();
      assertThat(state.reasons()).extracting(GoingAwayReason::type).containsExactly(GoingAwayReason.NODE_DELETED);
      assertThat(state.since()).isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void earlierReasonsAreKept() {
      NodeState before = NodeStateEvaluator.evaluate(node(taint("karpenter.sh/disrupted", null, "NoSchedule")),
          DEFAULTS, null, NOW);

      NodeState state = NodeStateEvaluator.deleted("worker-1", before, NOW.plusSeconds(5));

      assertThat(state.reasons()).extracting(GoingAwayReason::type)
          .containsExactly(GoingAwayReason.DISRUPTION_TAINT, GoingAwayReason.NODE_DELETED);
      assertThat(state.since()).isEqualTo(NOW);
    }

    @Test
    void unseenNodeGetsOnlyDeletion() {
      NodeState state = NodeStateEvaluator.deleted("worker-9", null, NOW);

      assertThat(state.node()).isEqualTo("worker-9");
      assertThat(state.reasons()).extracting(GoingAwayReason::type).containsExactly(GoingAwayReason.NODE_DELETED);
    }
  }
}
