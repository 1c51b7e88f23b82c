package io.crik.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * PersistentVolumeClaims as host directories, one per namespace and claim, shared by every local
 * node that is given this store. A replacement pod on another node finds the same files there,
 * as it would on a network volume.
 */
public final class ClaimStore {

    private final Path root;

    public ClaimStore(Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    /** Creates the claim's directory (bound and empty), or returns it when it exists already. */
    public Path create(String namespace, String claimName) {
        Path directory = path(namespace, claimName);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of claim " + namespace + "/" + claimName, e);
        }
        return directory;
    }

    public Optional<Path> find(String namespace, String claimName) {
        Path directory = path(namespace, claimName);
        return Files.isDirectory(directory) ? Optional.of(directory) : Optional.empty();
    }

    /** Returns the claim's directory, or fails as scheduling does for a claim that does not exist. */
    public Path require(String namespace, String claimName) {
        return find(namespace, claimName).orElseThrow(() -> new IllegalArgumentException("persistentvolumeclaim \""
                + claimName + "\" not found in namespace " + namespace + "; create it with ClaimStore.create"));
    }

    private Path path(String namespace, String claimName) {
        for (String name : new String[] {namespace, claimName}) {
            if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException("invalid namespace or claim name '" + name + "'");
            }
        }
        return root.resolve(namespace).resolve(claimName);
    }
}
