package io.crik.runc;

import java.nio.file.Path;
import java.util.List;

/**
 * A bind mount of a host path into a container.
 *
 * @param source host path, which must exist
 * @param destination absolute path inside the container
 * @param readOnly whether the container sees the mount read-only
 */
public record Mount(Path source, String destination, boolean readOnly) {

    public Mount {
        if (!destination.startsWith("/")) {
            throw new IllegalArgumentException("mount destination must be absolute: " + destination);
        }
    }

    public static Mount bind(Path source, String destination) {
        return new Mount(source, destination, false);
    }

    public static Mount readOnly(Path source, String destination) {
        return new Mount(source, destination, true);
    }

    List<String> options() {
        return readOnly ? List.of("rbind", "ro") : List.of("rbind", "rw");
    }
}
