package io.crik.wrapper.checkpoint;

import io.crik.wrapper.Counts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Dumps the app tree with CRIU into a temporary directory and publishes it as the newest
 * complete checkpoint. A failed dump leaves the app running and the previous checkpoint as it was.
 */
public final class Checkpointer {

    private final CheckpointStore store;
    private final Criu criu;
    private final AppProcesses processes;
    private final List<Path> preservePaths;

    public Checkpointer(CheckpointStore store, Criu criu, AppProcesses processes, List<Path> preservePaths) {
        this.store = store;
        this.criu = criu;
        this.processes = processes;
        this.preservePaths = List.copyOf(preservePaths);
    }

    /**
     * Checkpoints the app.
     *
     * @param identity manifest values that describe the container: fingerprint, command, pod
     * @param progress receives one line per step, for {@code crik checkpoint}
     * @throws CheckpointException when the dump or the publishing fails, with the reason and what to do
     */
    public Published checkpoint(int appPid, Manifest.Builder identity, Duration timeout, Consumer<String> progress)
            throws CheckpointException {
        long started = System.nanoTime();
        Path dir;
        try {
            dir = store.beginCheckpoint();
        } catch (IOException e) {
            throw new CheckpointException("cannot create a checkpoint directory in " + store.root() + ": " + e.getMessage()
                    + "; check that the checkpoint volume is mounted and writable", e);
        }
        try {
            List<Integer> tree = processes.tree(appPid);
            Set<Integer> tasks = processes.taskIds(tree);
            identity.put(Manifest.APP_PID, appPid)
                    .put(Manifest.APP_TASKS, tasks.stream().map(String::valueOf).collect(Collectors.joining(",")))
                    .put(Manifest.STDOUT, processes.fdTarget(appPid, 1).orElse(""))
                    .put(Manifest.STDERR, processes.fdTarget(appPid, 2).orElse(""))
                    .unixSockets(processes.unixSocketPaths(tree));

            progress.accept("dumping " + Counts.of(tree.size(), "process", "processes") + " ("
                    + Counts.of(tasks.size(), "task", "tasks") + ") from PID " + appPid
                    + " with CRIU, time limit " + timeout.toMillis() + " ms");
            Criu.Result result = criu.run(criu.command().dump(appPid, dir.resolve(CheckpointStore.IMAGES), dir),
                    dir.resolve("criu-dump.out"), timeout);
            if (!result.succeeded()) {
                throw new CheckpointException(describeFailure(result, dir), null);
            }
            Map<String, String> stats = CriuStats.parse(result.output());
            // Copied after the dump, when the app has stopped writing to them.
            identity.preservedPaths(PreservedFiles.save(preservePaths, dir.resolve(CheckpointStore.PRESERVED)));
            progress.accept("dump done in " + result.took().toMillis() + " ms; writing the manifest");

            Map<String, Manifest.FileDigest> digests = FileDigests.compute(dir);
            long total = digests.values().stream().mapToLong(Manifest.FileDigest::size).sum();
            digests.forEach(identity::file);
            Manifest manifest = identity
                    .put(Manifest.GENERATION, CheckpointStore.generationOf(dir))
                    .put(Manifest.CREATED, Instant.now())
                    .put(Manifest.DUMP_MILLIS, result.took().toMillis())
                    .put(Manifest.TOTAL_BYTES, total)
                    .criuStats(stats)
                    .build();
            Files.writeString(dir.resolve(Manifest.FILE_NAME), manifest.render());
            Path published = store.publish(dir);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            return new Published(published, manifest, total, result.took(), took);
        } catch (CheckpointException e) {
            keepLogs(dir, e.getMessage());
            throw e;
        } catch (IOException | RuntimeException e) {
            keepLogs(dir, e.toString());
            throw new CheckpointException("writing the checkpoint into " + dir + " failed: " + e
                    + "; check free space and permissions on the checkpoint volume", e);
        }
    }

    private static String describeFailure(Criu.Result result, Path dir) {
        String how = result.timedOut()
                ? "CRIU ran out of its time limit of " + result.took().toMillis() + " ms and was killed"
                : "CRIU dump failed: CRIU " + result.exit().describe();
        String errors = CriuLog.errors(dir.resolve(CriuCommand.DUMP_LOG));
        if (errors.isEmpty()) {
            errors = CriuLog.lastLines(result.output());
        }
        String advice = result.timedOut()
                ? "raise terminationGracePeriodSeconds or CRIK_CHECKPOINT_TIMEOUT_SECONDS"
                : "see the errors above; the app keeps running";
        return how + (errors.isEmpty() ? "" : ": " + errors) + "; " + advice;
    }

    /** Deletes the images of a failed dump, which frees the space, and sets its logs aside. */
    private void keepLogs(Path dir, String reason) {
        try {
            CheckpointStore.deleteTree(dir.resolve(CheckpointStore.IMAGES));
            CheckpointStore.deleteTree(dir.resolve(CheckpointStore.PRESERVED));
            store.setAside(dir, "dump failed: " + reason);
        } catch (IOException e) {
            // Left in tmp/ for the next start, which removes temporary directories.
        }
    }

    /** A published checkpoint and what it took. */
    public record Published(Path dir, Manifest manifest, long bytes, Duration dump, Duration total) {
    }

    /** A checkpoint that was not published; the message gives the reason and what to do. */
    public static final class CheckpointException extends Exception {
        public CheckpointException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
