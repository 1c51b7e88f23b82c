package io.crik.wrapper.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path root;

    private Path writeCheckpoint(CheckpointStore store, String content) throws IOException {
        Path dir = store.beginCheckpoint();
        Files.writeString(dir.resolve("images/pages-1.img"), content);
        Manifest manifest = Manifest.builder().put(Manifest.FINGERPRINT, "f").put(Manifest.APP_PID, 9001)
                .put(Manifest.GENERATION, CheckpointStore.generationOf(dir)).build();
        Files.writeString(dir.resolve(Manifest.FILE_NAME), manifest.render());
        return dir;
    }

    @Test
    void publishReplacesOlderGeneration() throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        store.publish(writeCheckpoint(store, "one"));

        Path second = store.publish(writeCheckpoint(store, "two"));

        assertThat(second).isEqualTo(root.resolve("checkpoints/000002"));
        assertThat(store.complete()).extracting(CheckpointStore.StoredCheckpoint::generation).containsExactly(2L);
        assertThat(store.temporaries()).isEmpty();
    }

    @Test
    void temporaryIsNotComplete() throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        writeCheckpoint(store, "unfinished");

        assertThat(store.complete()).isEmpty();
        assertThat(store.removeTemporaries()).isEqualTo(1);
        assertThat(store.temporaries()).isEmpty();
    }

    @Test
    void generationsKeepCountingAfterSetAside() throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        Path first = store.publish(writeCheckpoint(store, "one"));
        store.setAside(first, "corrupted: test");

        Path next = store.beginCheckpoint();

        assertThat(next.getFileName().toString()).isEqualTo("000002");
        assertThat(store.setAside()).singleElement().satisfies(dir ->
                assertThat(Files.readString(dir.resolve("reason.txt"))).isEqualTo("corrupted: test\n"));
    }

    @Test
    void setAsideKeepsNewestThree() throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        for (int i = 0; i < 5; i++) {
            store.setAside(store.publish(writeCheckpoint(store, "x" + i)), "reason " + i);
        }

        assertThat(store.setAside()).hasSize(CheckpointStore.MAX_FAILED);
        assertThat(store.setAside().get(0).getFileName().toString()).startsWith("000005-");
    }

    @Test
    void sameGenerationSetAsideTwice() throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        Path first = store.publish(writeCheckpoint(store, "one"));
        Path copy = root.resolve("copy");
        Files.createDirectories(copy.resolve("images"));
        Files.writeString(copy.resolve("images/pages-1.img"), "one");
        store.setAside(first, "first");
        Files.move(copy, first);

        store.setAside(first, "second");

        assertThat(store.setAside()).hasSize(2);
    }

    @Test
    void restoreCountIsDurable() throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        store.publish(writeCheckpoint(store, "one"));

        assertThat(store.countRestore(store.complete().get(0))).isEqualTo(1);
        assertThat(store.countRestore(store.complete().get(0))).isEqualTo(2);
        assertThat(store.complete().get(0).restores()).isEqualTo(2);
    }

    @Test
    void clearKeepsSetAsideOnes() throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        store.setAside(store.publish(writeCheckpoint(store, "one")), "test");
        store.publish(writeCheckpoint(store, "two"));
        writeCheckpoint(store, "three");

        store.clear();

        assertThat(store.complete()).isEmpty();
        assertThat(store.temporaries()).isEmpty();
        assertThat(store.setAside()).hasSize(1);
    }

    @Test
    void digestsFindChangedFile() throws IOException {
        CheckpointStore store = new CheckpointStore(root);
        Path dir = writeCheckpoint(store, "content");
        Manifest.Builder builder = Manifest.builder().put(Manifest.FINGERPRINT, "f").put(Manifest.APP_PID, 1)
                .put(Manifest.GENERATION, 1);
        FileDigests.compute(dir).forEach(builder::file);
        Manifest manifest = builder.build();
        assertThat(FileDigests.verify(dir, manifest)).isEmpty();

        Files.writeString(dir.resolve("images/pages-1.img"), "contenT");

        assertThat(FileDigests.verify(dir, manifest)).singleElement().asString().startsWith("images/pages-1.img has CRC32C");
    }
}
