package io.crik.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crik.wrapper.CheckpointPolicy.NodeState;
import io.crik.wrapper.CheckpointPolicy.Policy;
import org.junit.jupiter.api.Test;

class CheckpointPolicyTest {

    @Test
    void alwaysCheckpoints() {
        for (NodeState state : NodeState.values()) {
            assertThat(CheckpointPolicy.decide(Policy.ALWAYS, state, false).checkpoint()).isTrue();
        }
    }

    @Test
    void nodeTerminatingFollowsNodeState() {
        assertThat(CheckpointPolicy.decide(Policy.NODE_TERMINATING, NodeState.TERMINATING, false).checkpoint()).isTrue();
        assertThat(CheckpointPolicy.decide(Policy.NODE_TERMINATING, NodeState.RUNNING, true).checkpoint()).isFalse();
    }

    @Test
    void unknownNodeStateUsesFallback() {
        CheckpointPolicy.Decision checkpoint = CheckpointPolicy.decide(Policy.NODE_TERMINATING, NodeState.UNKNOWN, true);
        CheckpointPolicy.Decision skip = CheckpointPolicy.decide(Policy.NODE_TERMINATING, NodeState.UNKNOWN, false);

        assertThat(checkpoint.checkpoint()).isTrue();
        assertThat(checkpoint.reason()).contains("unknown").contains("CRIK_NODE_STATE_UNKNOWN=checkpoint");
        assertThat(skip.checkpoint()).isFalse();
        assertThat(skip.reason()).contains("CRIK_NODE_STATE_UNKNOWN=skip");
    }

    @Test
    void policyNamesParse() {
        assertThat(Policy.parse("always")).isEqualTo(Policy.ALWAYS);
        assertThat(Policy.parse("node-terminating")).isEqualTo(Policy.NODE_TERMINATING);
        assertThatThrownBy(() -> Policy.parse("sometimes")).hasMessageContaining("use always or node-terminating");
    }
}
