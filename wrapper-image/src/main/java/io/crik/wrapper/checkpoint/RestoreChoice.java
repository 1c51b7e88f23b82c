package io.crik.wrapper.checkpoint;

import io.crik.wrapper.Counts;
import io.crik.wrapper.checkpoint.CheckpointStore.StoredCheckpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The choice of the checkpoint to restore, if any: the newest complete one whose fingerprint
 * matches and that was not restored {@code maxRestores} times already. Every newer checkpoint
 * that cannot be restored is set aside with its reason.
 */
public final class RestoreChoice {

    /** A checkpoint to move to failed/, and why. */
    public record SetAside(StoredCheckpoint checkpoint, String reason) {
    }

    /** The outcome: the checkpoint to restore (empty for a fresh start), and the ones to set aside. */
    public record Decision(Optional<StoredCheckpoint> restore, List<SetAside> setAside) {
    }

    private RestoreChoice() {
    }

    /**
     * @param newestFirst complete checkpoints, newest first
     * @param fingerprint the current container's fingerprint
     */
    public static Decision decide(List<StoredCheckpoint> newestFirst, Fingerprint fingerprint, int maxRestores) {
        String digest = fingerprint.digest();
        List<SetAside> setAside = new ArrayList<>();
        for (StoredCheckpoint candidate : newestFirst) {
            if (candidate.manifest().isEmpty()) {
                setAside.add(new SetAside(candidate, "incomplete: " + candidate.manifestProblem()));
            } else if (!candidate.manifest().get().fingerprint().equals(digest)) {
                setAside.add(new SetAside(candidate, "fingerprint mismatch: "
                        + FingerprintMismatch.describe(fingerprint, candidate.manifest().get())));
            } else if (candidate.restores() >= maxRestores) {
                setAside.add(new SetAside(candidate, "restored " + Counts.times(candidate.restores())
                        + " without a newer checkpoint (CRIK_MAX_RESTORES=" + maxRestores + ")"));
            } else {
                return new Decision(Optional.of(candidate), setAside);
            }
        }
        return new Decision(Optional.empty(), setAside);
    }
}
