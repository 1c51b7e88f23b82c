package io.crik.wrapper.posix;

/**
 * A child's end as {@code waitpid} reports it.
 *
 * @param pid the child's PID
 * @param status the raw wait status
 */
public record ChildExit(int pid, int status) {

    public boolean exited() {
        return (status & 0x7f) == 0;
    }

    public int exitCode() {
        return (status >> 8) & 0xff;
    }

    public int terminatingSignal() {
        return status & 0x7f;
    }

    /** Returns the status a shell or container runtime reports: the exit code, or 128 plus the signal. */
    public int shellStatus() {
        return exited() ? exitCode() : 128 + terminatingSignal();
    }

    /** Returns how the child ended as a predicate, such as "exited with status 1" or "was killed by SIGTERM". */
    public String describe() {
        return exited() ? "exited with status " + exitCode() : "was killed by " + Signals.name(terminatingSignal());
    }
}
