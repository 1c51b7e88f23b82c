package io.crik.wrapper;

import io.crik.wrapper.checkpoint.CheckpointStore;
import io.crik.wrapper.checkpoint.Manifest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code crik inspect [DIR]}: lists the checkpoints of one container's directory, or of every
 * container directory below DIR (a whole checkpoint volume), with their manifests.
 */
final class Inspector {

    /** Depth of container directories below a volume's root: KEY/CONTAINER, and one more for nested keys. */
    private static final int MAX_DEPTH = 4;

    private Inspector() {
    }

    static int run(Path dir, PrintStream out) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory; give the checkpoint volume or a container's checkpoint directory");
        }
        List<Path> stores = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir, MAX_DEPTH)) {
            walk.filter(Inspector::isStore).sorted().forEach(stores::add);
        }
        if (stores.isEmpty()) {
            out.println("no checkpoints under " + dir);
            return 0;
        }
        for (Path store : stores) {
            print(new CheckpointStore(store), out);
        }
        return 0;
    }

    private static boolean isStore(Path dir) {
        return Files.isDirectory(dir.resolve("checkpoints")) || Files.isDirectory(dir.resolve("failed"))
                || Files.isDirectory(dir.resolve("tmp"));
    }

    private static void print(CheckpointStore store, PrintStream out) throws IOException {
        out.println(store.root() + ":");
        for (CheckpointStore.StoredCheckpoint checkpoint : store.complete()) {
            if (checkpoint.manifest().isEmpty()) {
                out.println("  checkpoint " + checkpoint.name() + ": incomplete, " + checkpoint.manifestProblem());
                continue;
            }
            Manifest manifest = checkpoint.manifest().get();
            out.println("  checkpoint " + checkpoint.name() + ": restored " + Counts.times(checkpoint.restores()));
            for (Map.Entry<String, String> value : manifest.values().entrySet()) {
                if (!value.getKey().startsWith("file.") && !value.getKey().startsWith("environment.digest.")) {
                    out.println("    " + value.getKey() + " = " + value.getValue());
                }
            }
            out.println("    files = " + manifest.files().size());
            out.println("    environment.digests = " + manifest.environmentDigests().size());
        }
        for (Path temporary : store.temporaries()) {
            out.println("  unfinished " + temporary.getFileName() + " (removed at the next start)");
        }
        for (Path failed : store.setAside()) {
            Path reason = failed.resolve("reason.txt");
            out.println("  set aside " + failed.getFileName() + ": "
                    + (Files.exists(reason) ? Files.readString(reason).strip() : "no reason recorded"));
        }
    }
}
