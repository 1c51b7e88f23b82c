package io.crik.node;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local container images: each reference names one or more root filesystem directories (layers)
 * and its image config. There is no registry, so every pull policy acts as {@code Never} and a
 * missing image fails the pod at once. Several nodes may share one store, because the layers are
 * only read.
 */
public final class ImageStore {

    /**
     * One image: its normalized reference, layers and config.
     *
     * @param layers root filesystem directories, top layer first, as overlayfs stacks them
     */
    public record LocalImage(String reference, List<Path> layers, ImageConfig config) {

        public LocalImage {
            layers = List.copyOf(layers);
        }

        /** Returns the file at {@code relativePath} in the top layer that has it, if any layer has it. */
        public Optional<Path> file(String relativePath) {
            for (Path layer : layers) {
                Path candidate = layer.resolve(relativePath);
                if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        }
    }

    private final Map<String, LocalImage> images = new ConcurrentHashMap<>();

    /** Adds an image under {@code reference}; {@code busybox} and {@code docker.io/library/busybox:latest} are one name. */
    public ImageStore add(String reference, Path rootfs, ImageConfig config) {
        return add(reference, List.of(rootfs), config);
    }

    /**
     * Adds an image made of several layers, top layer first, such as a directory with an app's
     * files on top of a base image's root filesystem.
     */
    public ImageStore add(String reference, List<Path> layers, ImageConfig config) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("image " + reference + " has no layers; give at least a root filesystem");
        }
        List<Path> absolute = new ArrayList<>();
        for (Path layer : layers) {
            if (!Files.isDirectory(layer)) {
                throw new IllegalArgumentException("layer " + layer + " of image " + reference
                        + " is not a directory; build it first");
            }
            absolute.add(layer.toAbsolutePath());
        }
        String normalized = ImageReference.normalize(reference);
        images.put(normalized, new LocalImage(normalized, absolute, config));
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
