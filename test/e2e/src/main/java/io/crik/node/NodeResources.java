package io.crik.node;

import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A node's allocatable resources. The downward API reports them for a container that sets no
 * limit, as the kubelet does.
 */
public record NodeResources(Quantity cpu, Quantity memory, Quantity ephemeralStorage) {

    /** Returns this machine's processors and memory, and the free space of {@code dir}'s file system. */
    public static NodeResources ofThisMachine(Path dir) {
        long memoryBytes = memTotalBytes();
        long storageBytes;
        try {
            storageBytes = Files.getFileStore(dir).getTotalSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of the file system of " + dir, e);
        }
        return new NodeResources(new Quantity(Integer.toString(Runtime.getRuntime().availableProcessors())),
                new Quantity(Long.toString(memoryBytes)), new Quantity(Long.toString(storageBytes)));
    }

    private static long memTotalBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    String kibibytes = line.substring("MemTotal:".length()).replace("kB", "").strip();
                    return Long.parseLong(kibibytes) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/meminfo", e);
        }
        throw new IllegalStateException("no MemTotal line in /proc/meminfo");
    }
}
