package io.crik.wrapper.checkpoint;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Files outside the checkpoint volume that the app needs at restore ({@code CRIK_PRESERVE_PATHS}),
 * such as a log file it keeps open in the container's own file system. They are copied into the
 * checkpoint at dump time and put back before CRIU restores, which needs every open file in place.
 */
public final class PreservedFiles {

    private PreservedFiles() {
    }

    /** Copies each existing path into {@code target}, keeping the absolute layout; returns the ones copied. */
    public static List<String> save(List<Path> paths, Path target) throws IOException {
        List<String> saved = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            copyTree(path, target.resolve(relative(path)));
            saved.add(path.toString());
        }
        return saved;
    }

    /** Copies the saved paths back to where they were, replacing what is there. */
    public static void restore(List<String> paths, Path source) throws IOException {
        for (String path : paths) {
            Path saved = source.resolve(relative(Path.of(path)));
            if (Files.exists(saved, LinkOption.NOFOLLOW_LINKS)) {
                copyTree(saved, Path.of(path));
            }
        }
    }

    private static Path relative(Path absolute) {
        return absolute.getRoot().relativize(absolute);
    }

    static void copyTree(Path from, Path to) throws IOException {
        if (to.getParent() != null) {
            Files.createDirectories(to.getParent());
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(dir, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path target = from.equals(file) ? to : to.resolve(from.relativize(file).toString());
                if (attributes.isOther()) {
                    return FileVisitResult.CONTINUE;
                }
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException error) throws IOException {
                if (error != null) {
                    throw error;
                }
                Path target = to.resolve(from.relativize(dir).toString());
                Files.setLastModifiedTime(target, Files.getLastModifiedTime(dir));
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
