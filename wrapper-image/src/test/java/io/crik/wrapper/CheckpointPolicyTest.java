package io.crik.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crik.wrapper.CheckpointPolicy.Policy;
import io.crik.wrapper.node.NodeStateReport;
import io.crik.wrapper.node.NodeStateReport.State;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CheckpointPolicyTest {

    private static final NodeStateReport GOING_AWAY = new NodeStateReport(State.GOING_AWAY,
            "node worker-1 is going away: DisruptionTaint (taint karpenter.sh/disrupted:NoSchedule)");
    private static final NodeStateReport NOT_GOING_AWAY = new NodeStateReport(State.NOT_GOING_AWAY,
            "node worker-1 is not going away");
    private static final NodeStateReport UNKNOWN = NodeStateReport.unknown("CRIK_NODE_STATE_URL is not set");

    @Test
    void alwaysCheckpoints() {
        for (NodeStateReport report : new NodeStateReport[] {GOING_AWAY, NOT_GOING_AWAY, UNKNOWN}) {
            AtomicInteger asked = new AtomicInteger();

            CheckpointPolicy.Decision decision = CheckpointPolicy.decide(Policy.ALWAYS, () -> {
                asked.incrementAndGet();
                return report;
            }, false);

            assertThat(decision.checkpoint()).as(report.toString()).isTrue();
            assertThat(decision.reason()).isEqualTo("policy is always");
            assertThat(asked).as("node state asked").hasValue(0);
        }
    }

    @Test
    void nodeTerminatingFollowsNodeState() {
        CheckpointPolicy.Decision goingAway = CheckpointPolicy.decide(Policy.NODE_TERMINATING, () -> GOING_AWAY, false);
        CheckpointPolicy.Decision staying = CheckpointPolicy.decide(Policy.NODE_TERMINATING, () -> NOT_GOING_AWAY, true);

        assertThat(goingAway.checkpoint()).isTrue();
        assertThat(goingAway.reason()).isEqualTo("policy is node-terminating and node worker-1 is going away:"
                + " DisruptionTaint (taint karpenter.sh/disrupted:NoSchedule)");
        assertThat(staying.checkpoint()).isFalse();
        assertThat(staying.reason()).isEqualTo("policy is node-terminating and node worker-1 is not going away");
    }

    @Test
    void unknownNodeStateUsesFallback() {
        CheckpointPolicy.Decision checkpoint = CheckpointPolicy.decide(Policy.NODE_TERMINATING, () -> UNKNOWN, true);
        CheckpointPolicy.Decision skip = CheckpointPolicy.decide(Policy.NODE_TERMINATING, () -> UNKNOWN, false);

        assertThat(checkpoint.checkpoint()).isTrue();
        assertThat(checkpoint.reason()).contains("unknown (CRIK_NODE_STATE_URL is not set)")
                .endsWith("CRIK_NODE_STATE_UNKNOWN=checkpoint");
        assertThat(skip.checkpoint()).isFalse();
        assertThat(skip.reason()).endsWith("CRIK_NODE_STATE_UNKNOWN=skip");
    }

    @Test
    void policyNamesParse() {
        assertThat(Policy.parse("always")).isEqualTo(Policy.ALWAYS);
        assertThat(Policy.parse("node-terminating")).isEqualTo(Policy.NODE_TERMINATING);
        assertThatThrownBy(() -> Policy.parse("sometimes")).hasMessageContaining("use always or node-terminating");
    }
}
