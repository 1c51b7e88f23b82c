package io.crik.wrapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * {@code crik install DIR}: copies the bundle into the pod's bundle volume, keeping modes, time
 * stamps and symbolic links. The JVM's CDS archive is only used when the module image keeps
 * its time stamp, so the copy keeps every one.
 */
final class Installer {

    private Installer() {
    }

    static int install(Path bundle, Path target, PrintStream out) throws IOException {
        if (!Files.isDirectory(bundle.resolve("bin"))) {
            throw new IOException("no crik bundle found in " + bundle + "; run crik install from the wrapper image");
        }
        Files.createDirectories(target);
        long[] counts = new long[2];
        Files.walkFileTree(bundle, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Path relative = bundle.relativize(dir);
                if (relative.startsWith("run") && relative.getNameCount() > 1) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(target.resolve(relative.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(file, target.resolve(bundle.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                counts[0]++;
                counts[1] += attributes.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException error) throws IOException {
                if (error != null) {
                    throw error;
                }
                Path copy = target.resolve(bundle.relativize(dir).toString());
                Files.setPosixFilePermissions(copy, Files.getPosixFilePermissions(dir));
                Files.setLastModifiedTime(copy, Files.getLastModifiedTime(dir));
                return FileVisitResult.CONTINUE;
            }
        });
        Files.setPosixFilePermissions(target.resolve("run"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        out.printf("crik: installed the bundle into %s: %d files, %d MiB%n", target, counts[0], counts[1] >> 20);
        return 0;
    }
}
