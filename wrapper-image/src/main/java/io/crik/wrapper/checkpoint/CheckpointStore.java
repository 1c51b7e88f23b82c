package io.crik.wrapper.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One container's checkpoints on the checkpoint volume:
 * <pre>
 * checkpoints/GENERATION/   complete: manifest.properties, images/, preserved/, restores
 * tmp/GENERATION/           being written; never restored, removed at the next start
 * failed/GENERATION-TIME/   set aside after a failed dump or restore or a mismatch, with reason.txt
 * </pre>
 * A checkpoint becomes complete by one rename from tmp/ to checkpoints/, after every file and
 * directory in it was fsync'd.
 */
public final class CheckpointStore {

    public static final String IMAGES = "images";
    public static final String PRESERVED = "preserved";
    static final String RESTORES = "restores";
    static final String REASON = "reason.txt";
    /** Set-aside checkpoints kept for inspection; older ones are deleted. */
    static final int MAX_FAILED = 3;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path root;

    public CheckpointStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    Path checkpoints() {
        return root.resolve("checkpoints");
    }

    Path temporary() {
        return root.resolve("tmp");
    }

    Path failed() {
        return root.resolve("failed");
    }

    /** Returns the complete checkpoints, newest first. */
    public List<StoredCheckpoint> complete() throws IOException {
        List<StoredCheckpoint> found = new ArrayList<>();
        for (Path dir : generations(checkpoints())) {
            found.add(StoredCheckpoint.load(dir));
        }
        found.sort(Comparator.comparingLong(StoredCheckpoint::generation).reversed());
        return found;
    }

    /** Returns the set-aside checkpoints and their reasons, newest first. */
    public List<Path> setAside() throws IOException {
        return listDirs(failed()).stream().sorted(Comparator.reverseOrder()).toList();
    }

    public List<Path> temporaries() throws IOException {
        return listDirs(temporary());
    }

    /** Creates the temporary directory of the next generation. */
    public Path beginCheckpoint() throws IOException {
        long generation = 1;
        for (Path dir : Stream.of(generations(checkpoints()), generations(temporary()), generations(failed()))
                .flatMap(List::stream).toList()) {
            generation = Math.max(generation, generationOf(dir) + 1);
        }
        Path dir = temporary().resolve(String.format("%06d", generation));
        Files.createDirectories(dir.resolve(IMAGES));
        return dir;
    }

    /**
     * Publishes a written checkpoint: fsyncs every file and directory in it, renames it into
     * checkpoints/, fsyncs that directory, and then deletes the older generations.
     */
    public Path publish(Path temporaryDir) throws IOException {
        syncTree(temporaryDir);
        Files.createDirectories(checkpoints());
        Path target = checkpoints().resolve(temporaryDir.getFileName());
        try {
            Files.move(temporaryDir, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the checkpoint volume cannot rename " + temporaryDir + " atomically", e);
        }
        syncDirectory(checkpoints());
        for (Path older : generations(checkpoints())) {
            if (generationOf(older) < generationOf(target)) {
                deleteTree(older);
            }
        }
        return target;
    }

    /** Moves a checkpoint to failed/ with the reason, for inspection, and keeps the newest {@value #MAX_FAILED}. */
    public Path setAside(Path checkpointDir, String reason) throws IOException {
        Files.createDirectories(failed());
        String name = checkpointDir.getFileName() + "-" + TIME.format(Instant.now());
        Path target = failed().resolve(name);
        // A generation can be set aside twice in one millisecond, when a copy of it came back,
        // so a suffix keeps both.
        for (int suffix = 2; Files.exists(target); suffix++) {
            target = failed().resolve(name + "-" + suffix);
        }
        Files.move(checkpointDir, target, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(target.resolve(REASON), reason + "\n");
        List<Path> kept = setAside();
        for (Path old : kept.subList(Math.min(MAX_FAILED, kept.size()), kept.size())) {
            deleteTree(old);
        }
        return target;
    }

    /** Deletes leftovers of dumps that never finished. */
    public int removeTemporaries() throws IOException {
        List<Path> leftovers = temporaries();
        for (Path dir : leftovers) {
            deleteTree(dir);
        }
        return leftovers.size();
    }

    /** Deletes every complete and temporary checkpoint; set-aside ones stay for inspection. */
    public void clear() throws IOException {
        deleteTree(checkpoints());
        deleteTree(temporary());
    }

    /** Counts one more restore of {@code checkpoint}, durably, and returns the new count. */
    public int countRestore(StoredCheckpoint checkpoint) throws IOException {
        int count = checkpoint.restores() + 1;
        Path file = checkpoint.dir().resolve(RESTORES);
        Path next = checkpoint.dir().resolve(RESTORES + ".next");
        Files.writeString(next, count + "\n");
        try (FileChannel channel = FileChannel.open(next, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(checkpoint.dir());
        return count;
    }

    static long generationOf(Path dir) {
        String name = dir.getFileName().toString();
        int end = 0;
        while (end < name.length() && Character.isDigit(name.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Long.parseLong(name.substring(0, end));
    }

    private static List<Path> generations(Path parent) throws IOException {
        return listDirs(parent).stream().filter(dir -> generationOf(dir) > 0).toList();
    }

    private static List<Path> listDirs(Path parent) throws IOException {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, Files::isDirectory)) {
            entries.forEach(dirs::add);
        }
        dirs.sort(Comparator.naturalOrder());
        return dirs;
    }

    static void syncTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.force(true);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path visited, IOException error) throws IOException {
                if (error != null) {
                    throw error;
                }
                syncDirectory(visited);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path visited, IOException error) throws IOException {
                Files.delete(visited);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** A complete checkpoint directory with its manifest, or the reason it has none. */
    public record StoredCheckpoint(Path dir, long generation, Optional<Manifest> manifest, String manifestProblem,
            int restores) {

        static StoredCheckpoint load(Path dir) throws IOException {
            long generation = generationOf(dir);
            int restores = 0;
            Path restoresFile = dir.resolve(RESTORES);
            if (Files.exists(restoresFile)) {
                try {
                    restores = Integer.parseInt(Files.readString(restoresFile).strip());
                } catch (NumberFormatException e) {
                    restores = Integer.MAX_VALUE;
                }
            }
            try {
                return new StoredCheckpoint(dir, generation, Optional.of(Manifest.read(dir.resolve(Manifest.FILE_NAME))),
                        "", restores);
            } catch (java.nio.file.NoSuchFileException e) {
                return new StoredCheckpoint(dir, generation, Optional.empty(), "it has no " + Manifest.FILE_NAME, restores);
            } catch (IOException | RuntimeException e) {
                return new StoredCheckpoint(dir, generation, Optional.empty(),
                        "its manifest is unreadable: " + e.getMessage(), restores);
            }
        }

        public Path images() {
            return dir.resolve(IMAGES);
        }

        public String name() {
            return dir.getFileName().toString();
        }
    }
}
