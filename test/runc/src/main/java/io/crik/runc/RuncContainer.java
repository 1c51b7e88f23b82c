package io.crik.runc;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** A container started by {@link Runc#run}; closing it removes it. */
public final class RuncContainer implements AutoCloseable {

    private final Runc runc;
    private final String id;
    private final Process runcProcess;
    private final ContainerLog stdout;
    private final ContainerLog stderr;

    RuncContainer(Runc runc, String id, Process runcProcess, ContainerLog stdout, ContainerLog stderr) {
        this.runc = runc;
        this.id = id;
        this.runcProcess = runcProcess;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public String id() {
        return id;
    }

    public ContainerLog stdout() {
        return stdout;
    }

    public ContainerLog stderr() {
        return stderr;
    }

    /**
     * Waits until runc reports the container running, and returns its init process's host PID.
     *
     * @throws AssertionError when it exits or the timeout passes first
     */
    public long awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Runc.ContainerState> state = runc.state(id);
            if (state.isPresent() && state.get().status().equals("running")) {
                return state.get().pid();
            }
            if (!runcProcess.isAlive()) {
                throw new AssertionError("container " + id + " exited with " + runcProcess.exitValue()
                        + " before it was seen running; stderr:\n" + stderr.text());
            }
            sleep(Duration.ofMillis(20));
        }
        throw new AssertionError("container " + id + " not running after " + timeout);
    }

    public boolean isRunning() {
        return runcProcess.isAlive();
    }

    /** Waits for the container to exit and returns its exit status, or empty on timeout. */
    public OptionalInt awaitExit(Duration timeout) {
        try {
            if (!runcProcess.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
        stdout.awaitEnd(Duration.ofSeconds(5));
        stderr.awaitEnd(Duration.ofSeconds(5));
        return OptionalInt.of(runcProcess.exitValue());
    }

    public ExecResult exec(Duration timeout, String... args) {
        return runc.exec(id, timeout, List.of(args));
    }

    public ExecResult exec(Duration timeout, List<String> args) {
        return runc.exec(id, timeout, args);
    }

    public Process execAsync(List<String> args) {
        return runc.execAsync(id, args);
    }

    /** Sends a signal such as {@code TERM} to the container's init process. */
    public ExecResult kill(String signal) {
        return runc.kill(id, signal);
    }

    /** Kills and removes the container, and waits for runc to exit. */
    @Override
    public void close() {
        runc.delete(id);
        try {
            if (!runcProcess.waitFor(10, TimeUnit.SECONDS)) {
                runcProcess.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
