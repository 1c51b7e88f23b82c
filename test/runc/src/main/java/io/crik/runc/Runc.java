package io.crik.runc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runc command line, with its own state directory, so that the containers of one test run
 * stay apart from any others on the machine.
 */
public final class Runc {

    private static final Logger log = LoggerFactory.getLogger(Runc.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final String binary;
    private final Path stateRoot;
    private final Path bundles;

    /** Keeps container state and bundles (config.json, logs) under {@code workDir}. */
    public Runc(Path workDir) {
        this(System.getenv().getOrDefault("CRIK_RUNC", "runc"), workDir);
    }

    public Runc(String binary, Path workDir) {
        this.binary = binary;
        this.stateRoot = workDir.toAbsolutePath().resolve("state");
        this.bundles = workDir.toAbsolutePath().resolve("bundles");
    }

    /**
     * Starts a container in the foreground, as a container runtime's shim does: runc stays the
     * parent of the container's init process, relays its stdout and stderr through pipes, and
     * exits with its exit status (128 plus the signal number when a signal killed it).
     */
    public RuncContainer run(ContainerSpec spec) {
        Path bundle = bundles.resolve(spec.id());
        try {
            Files.createDirectories(stateRoot);
            Files.createDirectories(bundle);
            Files.writeString(bundle.resolve("config.json"), OciConfig.render(spec));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bundle of container " + spec.id() + " in " + bundle, e);
        }

        ProcessBuilder builder = new ProcessBuilder(binary, "--root", stateRoot.toString(),
                "run", "--bundle", bundle.toString(), spec.id());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary + "; install the runc package", e);
        }
        ContainerLog stdout = new ContainerLog(spec.id() + "/stdout", bundle.resolve("stdout.log"));
        ContainerLog stderr = new ContainerLog(spec.id() + "/stderr", bundle.resolve("stderr.log"));
        stdout.follow(process.getInputStream());
        stderr.follow(process.getErrorStream());
        log.debug("started container {} with {}", spec.id(), spec.args());
        return new RuncContainer(this, spec.id(), process, stdout, stderr);
    }

    /** Runs a command in a running container, with the container's environment and capabilities. */
    public ExecResult exec(String id, Duration timeout, List<String> args) {
        List<String> command = new ArrayList<>(List.of(binary, "--root", stateRoot.toString(), "exec", id));
        command.addAll(args);
        return runCommand(command, timeout);
    }

    /** Starts a command in a running container and returns at once, for commands that run long. */
    public Process execAsync(String id, List<String> args) {
        List<String> command = new ArrayList<>(List.of(binary, "--root", stateRoot.toString(), "exec", id));
        command.addAll(args);
        try {
            return new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start runc exec in container " + id, e);
        }
    }

    /** Sends a signal, such as {@code TERM} or {@code KILL}, to the container's init process. */
    public ExecResult kill(String id, String signal) {
        return runCommand(List.of(binary, "--root", stateRoot.toString(), "kill", id, signal), COMMAND_TIMEOUT);
    }

    /** Removes the container, killing its processes first; a container that is gone is no error. */
    public void delete(String id) {
        ExecResult result = runCommand(List.of(binary, "--root", stateRoot.toString(), "delete", "--force", id),
                COMMAND_TIMEOUT);
        if (!result.succeeded() && !result.stderr().contains("does not exist")) {
            log.warn("runc delete {} failed: {}", id, result.stderr().strip());
        }
    }

    /** Returns runc's state of the container, or empty when runc does not know it (any more). */
    public Optional<ContainerState> state(String id) {
        ExecResult result = runCommand(List.of(binary, "--root", stateRoot.toString(), "state", id), COMMAND_TIMEOUT);
        if (!result.succeeded()) {
            return Optional.empty();
        }
        JsonNode state = JSON.readTree(result.stdout());
        return Optional.of(new ContainerState(state.path("status").asString(), state.path("pid").asLong()));
    }

    static ExecResult runCommand(List<String> command, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
        CompletableFuture<String> stdout = readAsync(process.getInputStream());
        CompletableFuture<String> stderr = readAsync(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                return new ExecResult(-1, stdout.join(), stderr.join() + "\n[timed out after " + timeout + "]");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
        return new ExecResult(process.exitValue(), stdout.join(), stderr.join());
    }

    static CompletableFuture<String> readAsync(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (stream) {
                stream.transferTo(buffer);
            } catch (IOException e) {
                buffer.writeBytes(("[read failed: " + e.getMessage() + "]").getBytes(StandardCharsets.UTF_8));
            }
            return buffer.toString(StandardCharsets.UTF_8);
        });
    }

    /** Status ({@code created}, {@code running}, {@code stopped}) and host PID of a container's init. */
    public record ContainerState(String status, long pid) {
    }
}
