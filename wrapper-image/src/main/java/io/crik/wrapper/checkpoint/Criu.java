package io.crik.wrapper.checkpoint;

import io.crik.wrapper.posix.ChildExit;
import io.crik.wrapper.posix.ChildReaper;
import io.crik.wrapper.posix.Posix;
import io.crik.wrapper.posix.Signals;
import io.crik.wrapper.posix.SpawnRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs the bundle's CRIU as a child of the wrapper and waits for it, within a time limit. */
public final class Criu {

    private final ChildReaper reaper;
    private final CriuCommand command;
    private final List<String> environment;

    /**
     * @param environment CRIU's environment; the wrapper's own, so that nothing of the app leaks in
     */
    public Criu(ChildReaper reaper, CriuCommand command, List<String> environment) {
        this.reaper = reaper;
        this.command = command;
        this.environment = List.copyOf(environment);
    }

    public ChildReaper reaper() {
        return reaper;
    }

    public CriuCommand command() {
        return command;
    }

    /**
     * Runs one CRIU command with its stdout and stderr in {@code outputFile}, or with the
     * wrapper's own stdout and stderr when it is null: a restore needs them for --inherit-fd.
     */
    public Result run(List<String> argv, Path outputFile, Duration timeout) throws IOException {
        SpawnRequest request = SpawnRequest.of(argv, environment);
        if (outputFile != null) {
            request = request.withOutputTo(outputFile);
        }
        long started = System.nanoTime();
        ChildReaper.Child child = reaper.spawn(request);
        ChildExit exit;
        boolean timedOut = false;
        try {
            exit = child.exit().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            timedOut = true;
            Posix.kill(child.pid(), Signals.SIGKILL);
            exit = awaitKilled(child);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Posix.kill(child.pid(), Signals.SIGKILL);
            throw new IOException("interrupted while CRIU was running", e);
        } catch (ExecutionException e) {
            throw new IOException("waiting for CRIU failed", e.getCause());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String output = outputFile != null && Files.exists(outputFile) ? Files.readString(outputFile) : "";
        return new Result(exit, timedOut, took, output);
    }

    /** Returns CRIU's version, such as {@code 4.2.1}, or "unknown" when it cannot run. */
    public String version() {
        try {
            Path out = Files.createTempFile("criu-version", ".txt");
            try {
                Result result = run(command.version(), out, Duration.ofSeconds(10));
                for (String line : result.output().split("\n")) {
                    if (line.startsWith("Version: ")) {
                        return line.substring("Version: ".length()).strip();
                    }
                }
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    private static ChildExit awaitKilled(ChildReaper.Child child) throws IOException {
        try {
            return child.exit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the killed CRIU", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("CRIU did not end within 10 s of SIGKILL", e);
        }
    }

    /** The outcome of one CRIU run: its exit, whether it timed out, its duration and output. */
    public record Result(ChildExit exit, boolean timedOut, Duration took, String output) {
        public boolean succeeded() {
            return !timedOut && exit.exited() && exit.exitCode() == 0;
        }
    }
}
