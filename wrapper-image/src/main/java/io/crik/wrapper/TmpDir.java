package io.crik.wrapper;

import io.crik.wrapper.posix.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CRIU 4.2 creates temporary directories under /tmp while it probes the kernel, on every dump
 * and restore, and fails when it cannot. In a container with a read-only root file system and
 * no volume at /tmp the wrapper mounts a small tmpfs there, which the app then shares.
 */
final class TmpDir {

    static final Path TMP = Path.of("/tmp");
    static final String MOUNT_OPTIONS = "mode=1777,size=64m";

    private TmpDir() {
    }

    static void ensureWritable() {
        if (isWritable()) {
            return;
        }
        try {
            Files.createDirectories(TMP);
            Posix.mountTmpfs(TMP, MOUNT_OPTIONS);
            Log.info("/tmp is read-only, so mounted a tmpfs (%s) there, which CRIU needs", MOUNT_OPTIONS);
        } catch (IOException e) {
            Log.warn("/tmp is read-only and %s; CRIU will fail until /tmp is writable, so mount an emptyDir volume"
                    + " at /tmp", e.getMessage());
        }
    }

    private static boolean isWritable() {
        try {
            Path probe = Files.createTempFile(TMP, ".crik-probe", "");
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
