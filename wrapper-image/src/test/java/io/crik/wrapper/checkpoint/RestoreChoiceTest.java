package io.crik.wrapper.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.wrapper.checkpoint.CheckpointStore.StoredCheckpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestoreChoiceTest {

    private static final Fingerprint CURRENT = fingerprint("1");
    private static final Fingerprint OTHER = fingerprint("2");

    private static Fingerprint fingerprint(String level) {
        return Fingerprint.of("registry.example/app:1", List.of("app"), "/work", Map.of("LEVEL", level), Set.of());
    }

    private static StoredCheckpoint checkpoint(long generation, Fingerprint fingerprint, int restores) {
        Manifest manifest = Manifest.builder().fingerprint(fingerprint, Fingerprint.newSalt())
                .put(Manifest.GENERATION, generation).put(Manifest.APP_PID, 9001).build();
        return new StoredCheckpoint(Path.of("/c/checkpoints/" + generation), generation, Optional.of(manifest), "", restores);
    }

    private static StoredCheckpoint incomplete(long generation) {
        return new StoredCheckpoint(Path.of("/c/checkpoints/" + generation), generation, Optional.empty(),
                "it has no manifest.properties", 0);
    }

    @Test
    void newestMatchingIsRestored() {
        RestoreChoice.Decision decision = RestoreChoice.decide(List.of(checkpoint(3, CURRENT, 0), checkpoint(2, CURRENT, 0)), CURRENT, 3);

        assertThat(decision.restore()).map(StoredCheckpoint::generation).hasValue(3L);
        assertThat(decision.setAside()).isEmpty();
    }

    @Test
    void nothingStoredStartsFresh() {
        RestoreChoice.Decision decision = RestoreChoice.decide(List.of(), CURRENT, 3);

        assertThat(decision.restore()).isEmpty();
        assertThat(decision.setAside()).isEmpty();
    }

    @Test
    void unusableNewerOnesAreSetAside() {
        RestoreChoice.Decision decision = RestoreChoice.decide(
                List.of(incomplete(5), checkpoint(4, OTHER, 0), checkpoint(3, CURRENT, 3), checkpoint(2, CURRENT, 1)), CURRENT, 3);

        assertThat(decision.restore()).map(StoredCheckpoint::generation).hasValue(2L);
        assertThat(decision.setAside()).extracting(aside -> aside.checkpoint().generation()).containsExactly(5L, 4L, 3L);
        assertThat(decision.setAside().get(0).reason()).startsWith("incomplete: it has no manifest.properties");
        assertThat(decision.setAside().get(1).reason()).isEqualTo("fingerprint mismatch: environment variable LEVEL differs");
        assertThat(decision.setAside().get(2).reason()).startsWith("restored 3 times");
    }

    @Test
    void mismatchOnlyStartsFresh() {
        RestoreChoice.Decision decision = RestoreChoice.decide(List.of(checkpoint(1, OTHER, 0)), CURRENT, 3);

        assertThat(decision.restore()).isEmpty();
        assertThat(decision.setAside()).hasSize(1);
    }

    @Test
    void singleRestoreReadsOnce() {
        RestoreChoice.Decision decision = RestoreChoice.decide(List.of(checkpoint(1, CURRENT, 1)), CURRENT, 1);

        assertThat(decision.restore()).isEmpty();
        assertThat(decision.setAside().get(0).reason())
                .isEqualTo("restored once without a newer checkpoint (CRIK_MAX_RESTORES=1)");
    }
}
