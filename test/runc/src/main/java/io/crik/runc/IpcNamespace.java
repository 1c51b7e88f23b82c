package io.crik.runc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An IPC namespace kept alive by a bind mount on a file, as a pod sandbox keeps one for all its
 * containers: each container joins it through {@link ContainerSpec.Builder#ipcNamespace}, so they
 * share System V IPC and POSIX message queues.
 */
public final class IpcNamespace implements AutoCloseable {

    private final Path file;

    private IpcNamespace(Path file) {
        this.file = file;
    }

    /** Creates a new IPC namespace and pins it on {@code file}, which must not exist yet. */
    public static IpcNamespace create(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.createFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the IPC namespace file " + file, e);
        }
        HostCommand.run("unshare", "--ipc=" + file.toAbsolutePath(), "true");
        return new IpcNamespace(file.toAbsolutePath());
    }

    public Path path() {
        return file;
    }

    /** Unmounts the namespace file and deletes it; the namespace ends with its last member. */
    @Override
    public void close() {
        HostCommand.run("umount", file.toString());
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the IPC namespace file " + file, e);
        }
    }
}
