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

    public String describe() {
        return exited() ? "exit status " + exitCode() : "killed by " + Signals.name(terminatingSignal());
    }
}
