package io.crik.wrapper.control;

/**
 * The control channel's line protocol. The client sends one request line. PID 1 replies with
 * progress lines and ends with one line whose first word is the result.
 */
public final class ControlProtocol {

    public static final String CHECKPOINT = "checkpoint";

    public static final String PROGRESS = "progress";
    /** The checkpoint is published; PID 1 exits next. */
    public static final String DONE = "done";
    /** The policy decided against a checkpoint; the app keeps running until SIGTERM. */
    public static final String SKIPPED = "skipped";
    /** The checkpoint failed; the app keeps running. */
    public static final String FAILED = "failed";

    private ControlProtocol() {
    }
}
