package io.crik.wrapper.checkpoint;

import io.crik.wrapper.Counts;
import io.crik.wrapper.Log;
import io.crik.wrapper.checkpoint.CheckpointStore.StoredCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Restores the newest usable checkpoint with CRIU. Checkpoints that cannot be restored
 * (incomplete, corrupted, of another fingerprint, restored too often, or failing in CRIU) are
 * set aside with their reason.
 */
public final class Restorer {

    /** Time a restore may take; CRIU reads images at disk speed, so this is generous. */
    static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(10);

    private final CheckpointStore store;
    private final Criu criu;
    private final int maxRestores;

    public Restorer(CheckpointStore store, Criu criu, int maxRestores) {
        this.store = store;
        this.criu = criu;
        this.maxRestores = maxRestores;
    }

    /**
     * Restores the app if a usable checkpoint exists.
     *
     * @return the restored app, or empty when there is nothing to restore
     * @throws RestoreException when CRIU fails; the checkpoint is already set aside then
     */
    public Optional<Restored> restore(Fingerprint fingerprint) throws IOException, RestoreException {
        long started = System.nanoTime();
        int leftovers = store.removeTemporaries();
        if (leftovers > 0) {
            Log.info("removed %s from %s", Counts.of(leftovers, "unfinished checkpoint directory",
                    "unfinished checkpoint directories"), store.root());
        }
        while (true) {
            RestoreChoice.Decision decision = RestoreChoice.decide(store.complete(), fingerprint, maxRestores);
            for (RestoreChoice.SetAside aside : decision.setAside()) {
                setAside(aside.checkpoint(), aside.reason());
            }
            if (decision.restore().isEmpty()) {
                return Optional.empty();
            }
            StoredCheckpoint candidate = decision.restore().get();
            Manifest manifest = candidate.manifest().orElseThrow();
            List<String> problems = FileDigests.verify(candidate.dir(), manifest);
            if (!problems.isEmpty()) {
                setAside(candidate, "corrupted: " + String.join("; ", problems));
                continue;
            }
            return Optional.of(restore(candidate, manifest, started));
        }
    }

    /** Restores one verified checkpoint; {@code started} is when the search began, for the total time. */
    private Restored restore(StoredCheckpoint checkpoint, Manifest manifest, long started)
            throws IOException, RestoreException {
        int attempt = store.countRestore(checkpoint);
        PreservedFiles.restore(manifest.preservedPaths(), checkpoint.dir().resolve(CheckpointStore.PRESERVED));
        int staleSockets = UnixSocketFiles.prepare(manifest.unixSockets());

        Path pidFile = checkpoint.dir().resolve("restore.pid");
        Files.deleteIfExists(pidFile);
        String logName = "restore-" + attempt + ".log";
        criu.reaper().forgetUnclaimed();
        Criu.Result result = criu.run(criu.command().restore(checkpoint.images(), checkpoint.dir(), logName, pidFile,
                inheritFds(manifest)), null, RESTORE_TIMEOUT);
        if (!result.succeeded() || !Files.exists(pidFile)) {
            String errors = CriuLog.errors(checkpoint.dir().resolve(logName));
            String reason = "CRIU restore failed: " + (result.timedOut()
                    ? "CRIU ran out of its time limit of " + RESTORE_TIMEOUT.toMinutes() + " minutes and was killed"
                    : "CRIU " + result.exit().describe())
                    + (errors.isEmpty() ? "" : ": " + errors);
            Path aside = setAside(checkpoint, reason);
            throw new RestoreException(reason + "; the checkpoint and " + logName + " are in " + aside);
        }
        int pid = Integer.parseInt(Files.readString(pidFile).strip());
        return new Restored(pid, checkpoint, manifest, attempt, staleSockets, result.took(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Maps the old container's stdout and stderr pipes to this container's fds 1 and 2. */
    static List<CriuCommand.InheritFd> inheritFds(Manifest manifest) {
        List<CriuCommand.InheritFd> inherit = new ArrayList<>();
        Optional<String> stdout = manifest.stdio(Manifest.STDOUT).filter(target -> target.startsWith("pipe:"));
        Optional<String> stderr = manifest.stdio(Manifest.STDERR).filter(target -> target.startsWith("pipe:"));
        stdout.ifPresent(pipe -> inherit.add(new CriuCommand.InheritFd(1, pipe)));
        stderr.filter(pipe -> !pipe.equals(stdout.orElse(null)))
                .ifPresent(pipe -> inherit.add(new CriuCommand.InheritFd(2, pipe)));
        return inherit;
    }

    private Path setAside(StoredCheckpoint checkpoint, String reason) throws IOException {
        Path aside = store.setAside(checkpoint.dir(), reason);
        Log.warn("set checkpoint %s aside to %s: %s", checkpoint.name(), aside, reason);
        return aside;
    }

    /** A restored app; {@code total} includes finding and verifying the checkpoint. */
    public record Restored(int pid, StoredCheckpoint checkpoint, Manifest manifest, int attempt, int staleSockets,
            Duration criu, Duration total) {
    }

    /** A restore that failed in CRIU. */
    public static final class RestoreException extends Exception {
        public RestoreException(String message) {
            super(message);
        }
    }
}
