package io.crik.wrapper;

/**
 * Whether to checkpoint when the container is asked to stop, from the pod's policy and what
 * the node-state service reports about the node.
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

    /** The node-state service's report about this container's node. */
    public enum NodeState {
        TERMINATING, RUNNING, UNKNOWN
    }

    /** The outcome, with the reason that goes into the log and to {@code crik checkpoint}. */
    public record Decision(boolean checkpoint, String reason) {
    }

    private CheckpointPolicy() {
    }

    public static Decision decide(Policy policy, NodeState nodeState, boolean checkpointWhenUnknown) {
        if (policy == Policy.ALWAYS) {
            return new Decision(true, "policy is always");
        }
        return switch (nodeState) {
            case TERMINATING -> new Decision(true, "policy is node-terminating and the node is going away");
            case RUNNING -> new Decision(false, "policy is node-terminating and the node is not going away");
            case UNKNOWN -> checkpointWhenUnknown
                    ? new Decision(true, "policy is node-terminating, the node state is unknown and CRIK_NODE_STATE_UNKNOWN=checkpoint")
                    : new Decision(false, "policy is node-terminating, the node state is unknown and CRIK_NODE_STATE_UNKNOWN=skip");
        };
    }
}
