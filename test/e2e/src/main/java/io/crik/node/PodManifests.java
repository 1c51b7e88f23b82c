package io.crik.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads Pod manifests from YAML or JSON. */
public final class PodManifests {

    private PodManifests() {
    }

    /** Parses one Pod from YAML or JSON text. */
    public static Pod parse(String manifest) {
        Object parsed = Serialization.unmarshal(manifest);
        if (!(parsed instanceof Pod pod)) {
            throw new IllegalArgumentException("manifest is a " + (parsed == null ? "null" : parsed.getClass().getSimpleName())
                    + ", not a Pod; give kind: Pod");
        }
        return pod;
    }

    public static Pod load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pod manifest " + file, e);
        }
    }

    /** Loads a manifest from the class path, such as a test resource. */
    public static Pod resource(String name) {
        try (InputStream stream = PodManifests.class.getClassLoader().getResourceAsStream(name)) {
            if (stream == null) {
                throw new IllegalArgumentException("pod manifest " + name + " not found on the class path");
            }
            return parse(new String(stream.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pod manifest " + name, e);
        }
    }
}
