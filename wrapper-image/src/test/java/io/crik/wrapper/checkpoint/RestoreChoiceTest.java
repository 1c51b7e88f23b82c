package io.crik.wrapper.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.wrapper.checkpoint.CheckpointStore.StoredCheckpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestoreChoiceTest {

    private static StoredCheckpoint checkpoint(long generation, String fingerprint, int restores) {
        Manifest manifest = Manifest.builder().put(Manifest.FINGERPRINT, fingerprint).put(Manifest.GENERATION, generation)
                .put(Manifest.APP_PID, 9001).build();
        return new StoredCheckpoint(Path.of("/c/checkpoints/" + generation), generation, Optional.of(manifest), "", restores);
    }

    private static StoredCheckpoint incomplete(long generation) {
        return new StoredCheckpoint(Path.of("/c/checkpoints/" + generation), generation, Optional.empty(),
                "it has no manifest.properties", 0);
    }

    @Test
    void newestMatchingIsRestored() {
        RestoreChoice.Decision decision = RestoreChoice.decide(List.of(checkpoint(3, "f", 0), checkpoint(2, "f", 0)), "f", 3);

        assertThat(decision.restore()).map(StoredCheckpoint::generation).hasValue(3L);
        assertThat(decision.setAside()).isEmpty();
    }

    @Test
    void nothingStoredStartsFresh() {
        RestoreChoice.Decision decision = RestoreChoice.decide(List.of(), "f", 3);

        assertThat(decision.restore()).isEmpty();
        assertThat(decision.setAside()).isEmpty();
    }

    @Test
    void unusableNewerOnesAreSetAside() {
        RestoreChoice.Decision decision = RestoreChoice.decide(
                List.of(incomplete(5), checkpoint(4, "other", 0), checkpoint(3, "f", 3), checkpoint(2, "f", 1)), "f", 3);

        assertThat(decision.restore()).map(StoredCheckpoint::generation).hasValue(2L);
        assertThat(decision.setAside()).extracting(aside -> aside.checkpoint().generation()).containsExactly(5L, 4L, 3L);
        assertThat(decision.setAside().get(0).reason()).startsWith("incomplete: it has no manifest.properties");
        assertThat(decision.setAside().get(1).reason()).startsWith("fingerprint mismatch");
        assertThat(decision.setAside().get(2).reason()).startsWith("restored 3 times");
    }

    @Test
    void mismatchOnlyStartsFresh() {
        RestoreChoice.Decision decision = RestoreChoice.decide(List.of(checkpoint(1, "old", 0)), "new", 3);

        assertThat(decision.restore()).isEmpty();
        assertThat(decision.setAside()).hasSize(1);
    }
}
