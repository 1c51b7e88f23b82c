package io.crik.wrapper;

import io.crik.wrapper.node.NodeStateReport;
import java.util.function.Supplier;

/**
 * Whether to checkpoint when the container is asked to stop, from the pod's policy and what
 * the node-state service reported about the node.
 */
public final class CheckpointPolicy {

    /** The pod's {@code crik.io/checkpoint-policy}. */
    public enum Policy {
        ALWAYS("always"),
        NODE_TERMINATING("node-terminating");

        private final String text;

        Policy(String text) {
            this.text = text;
        }

        public static Policy parse(String text) {
            for (Policy policy : values()) {
                if (policy.text.equals(text)) {
                    return policy;
                }
            }
            throw new IllegalArgumentException("CRIK_CHECKPOINT_POLICY=" + text + " is invalid; use always or node-terminating");
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The outcome, with the reason that goes into the log and to {@code crik checkpoint}. */
    public record Decision(boolean checkpoint, String reason) {
    }

    private CheckpointPolicy() {
    }

    /**
     * Decides. Only {@code node-terminating} needs the node state; {@code always} checkpoints
     * without requesting it.
     *
     * @param nodeState requests the node state from the node-state service, the only step that does I/O
     * @param checkpointWhenUnknown the CRIK_NODE_STATE_UNKNOWN fallback: true for checkpoint, false for skip
     */
    public static Decision decide(Policy policy, Supplier<NodeStateReport> nodeState, boolean checkpointWhenUnknown) {
        if (policy == Policy.ALWAYS) {
            return new Decision(true, "policy is always");
        }
        return decide(nodeState.get(), checkpointWhenUnknown);
    }

    /** Decides under {@code node-terminating}, from the node state. */
    static Decision decide(NodeStateReport nodeState, boolean checkpointWhenUnknown) {
        return switch (nodeState.state()) {
            case GOING_AWAY -> new Decision(true, "policy is node-terminating and " + nodeState.detail());
            case NOT_GOING_AWAY -> new Decision(false, "policy is node-terminating and " + nodeState.detail());
            case UNKNOWN -> new Decision(checkpointWhenUnknown, "policy is node-terminating, the node state is unknown ("
                    + nodeState.detail() + ") and CRIK_NODE_STATE_UNKNOWN=" + (checkpointWhenUnknown ? "checkpoint" : "skip"));
        };
    }
}
