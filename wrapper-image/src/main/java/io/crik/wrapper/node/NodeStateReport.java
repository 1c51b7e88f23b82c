package io.crik.wrapper.node;

import java.util.Objects;

/**
 * The node state the wrapper found when a checkpoint was requested.
 *
 * @param state whether the node is going away, or unknown
 * @param detail why, for the log: the reasons the service gave, or what went wrong
 */
public record NodeStateReport(State state, String detail) {

    public enum State {
        GOING_AWAY, NOT_GOING_AWAY, UNKNOWN
    }

    public NodeStateReport {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
    }

    public static NodeStateReport unknown(String detail) {
        return new NodeStateReport(State.UNKNOWN, detail);
    }
}
