package io.crik.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local container images: each reference names a root filesystem directory and its image config.
 * There is no registry, so every pull policy acts as {@code Never} and a missing image fails the
 * pod at once. Several nodes may share one store, because the root filesystems are only read.
 */
public final class ImageStore {

    /** One image: its normalized reference, root filesystem and config. */
    public record LocalImage(String reference, Path rootfs, ImageConfig config) {
    }

    private final Map<String, LocalImage> images = new ConcurrentHashMap<>();

    /** Adds an image under {@code reference}; {@code busybox} and {@code docker.io/library/busybox:latest} are one name. */
    public ImageStore add(String reference, Path rootfs, ImageConfig config) {
        if (!Files.isDirectory(rootfs)) {
            throw new IllegalArgumentException("root filesystem " + rootfs + " of image " + reference
                    + " is not a directory; build it first");
        }
        String normalized = ImageReference.normalize(reference);
        images.put(normalized, new LocalImage(normalized, rootfs.toAbsolutePath(), config));
        return this;
    }

    public Optional<LocalImage> find(String reference) {
        return Optional.ofNullable(images.get(ImageReference.normalize(reference)));
    }

    /** Returns the image or fails as a kubelet does for an absent image that it may not pull. */
    public LocalImage require(String reference) {
        return find(reference).orElseThrow(() -> new IllegalArgumentException("container image \"" + reference
                + "\" is not present in the local image store (" + ImageReference.normalize(reference)
                + "); add it with ImageStore.add"));
    }
}
