package io.crik.runc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;

/**
 * A container's own writable root filesystem: an overlay of a shared image with a fresh upper
 * layer, as a container runtime's snapshotter gives each container. Writes never reach the image.
 */
public final class OverlayRootfs implements AutoCloseable {

    private final Path merged;

    private OverlayRootfs(Path merged) {
        this.merged = merged;
    }

    /** Mounts {@code image} read-only below a new upper layer in {@code dir}. */
    public static OverlayRootfs mount(Path image, Path dir) {
        return mount(List.of(image), dir);
    }

    /**
     * Mounts an image made of several read-only layers below a new upper layer in {@code dir}.
     * The first layer is the top one: its files hide those of the layers after it.
     */
    public static OverlayRootfs mount(List<Path> layers, Path dir) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an image needs at least one layer");
        }
        StringJoiner lowerDirs = new StringJoiner(":");
        for (Path layer : layers) {
            String path = layer.toAbsolutePath().toString();
            if (path.contains(":") || path.contains(",")) {
                throw new IllegalArgumentException("image layer " + path + " contains ':' or ',', which overlayfs"
                        + " options cannot express; move it to another directory");
            }
            lowerDirs.add(path);
        }
        Path upper = dir.resolve("upper");
        Path work = dir.resolve("work");
        Path merged = dir.resolve("merged");
        try {
            Files.createDirectories(upper);
            Files.createDirectories(work);
            Files.createDirectories(merged);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create overlay folders in " + dir, e);
        }
        HostCommand.run("mount", "-t", "overlay", "overlay", "-o",
                "lowerdir=" + lowerDirs + ",upperdir=" + upper.toAbsolutePath()
                        + ",workdir=" + work.toAbsolutePath(),
                merged.toAbsolutePath().toString());
        return new OverlayRootfs(merged);
    }

    public Path path() {
        return merged;
    }

    /** Unmounts the overlay. The upper layer stays on disk for inspection. */
    @Override
    public void close() {
        HostCommand.run("umount", "--lazy", merged.toAbsolutePath().toString());
    }
}
