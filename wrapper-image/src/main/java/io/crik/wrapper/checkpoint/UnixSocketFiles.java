package io.crik.wrapper.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Prepares the paths of the app's bound unix sockets for a restore. CRIU binds each socket
 * again, which fails when its directory is missing, as in a fresh container file system. A
 * socket file that is still there (a volume or a restarted container keeps it) is removed too.
 * NOTE: CRIU 4.2.1 replaced such a file by itself in WorkloadIT; the removal keeps restores
 * independent of that behaviour.
 */
public final class UnixSocketFiles {

    private UnixSocketFiles() {
    }

    /** Removes stale socket files and creates missing directories; returns what it did, for the log. */
    public static int prepare(List<String> paths) throws IOException {
        int removed = 0;
        for (String text : paths) {
            Path path = Path.of(text);
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                    && Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
                Files.delete(path);
                removed++;
            }
        }
        return removed;
    }
}
