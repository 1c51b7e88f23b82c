package io.crik.e2e;

import io.crik.node.ImageConfig;
import io.crik.node.ImageStore;
import io.crik.runc.HostCommand;
import io.crik.runc.RootfsImages;
import io.crik.webhook.testing.FakeRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The images of the scenarios, in a local image store: the wrapper image that carries the bundle,
 * and the workload images of the examples in {@code examples/demo}.
 */
public final class WorkloadImages {

    /** The wrapper image: nothing but the bundle at /crik, as wrapper-image/Dockerfile builds it. */
    public static final String WRAPPER = "localhost/crik-wrapper:local";
    /** busybox-static with CMD ["sh"], as on Docker Hub. */
    public static final String BUSYBOX = "busybox:1.36";
    /** Debian 12's redis-server 7.0, standing in for the official image, whose PATH also has redis-server. */
    public static final String REDIS = "redis:7.0";
    /** The registry host of images whose config the webhook reads from the fake registry. */
    public static final String REGISTRY_HOST = "registry.crik.test";
    /** accumulate.py on Debian 12's python3, built from examples/demo/accumulator/Dockerfile. */
    public static final String ACCUMULATOR = REGISTRY_HOST + "/demo/accumulator:1";

    private static final String ACCUMULATOR_REPOSITORY = "demo/accumulator";
    private static final String ACCUMULATOR_TAG = "1";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private WorkloadImages() {
    }

    /**
     * Builds the image layers in {@code directory}, publishes the accumulator's config in the
     * registry, and returns a store with every image. The accumulator's config in the store is
     * read back from the registry, so the node and the webhook see the same ENTRYPOINT and CMD.
     */
    public static ImageStore create(Path directory, FakeRegistry registry) {
        Path busybox = RootfsImages.require("busybox");
        Path debian = RootfsImages.require("debian");
        ImageStore images = new ImageStore();
        images.add(WRAPPER, wrapperLayer(directory.resolve("crik-wrapper")), ImageConfig.empty());
        images.add(BUSYBOX, busybox, ImageConfig.empty().withEnv(PATH).withCmd("sh"));
        images.add(REDIS, debian, ImageConfig.empty().withEnv(PATH, "LANG=C.UTF-8").withCmd("redis-server"));

        Dockerfile dockerfile = Dockerfile.read(Artifacts.examples().resolve("demo/accumulator/Dockerfile"));
        Path accumulatorLayer = dockerfile.copyInto(directory.resolve("accumulator"));
        String config = registry.config(ACCUMULATOR_REPOSITORY, dockerfile.entrypoint(), dockerfile.cmd(), null);
        String manifest = registry.manifest(ACCUMULATOR_REPOSITORY, config, FakeRegistry.OCI_MANIFEST);
        registry.tag(ACCUMULATOR_REPOSITORY, ACCUMULATOR_TAG, manifest);
        images.add(ACCUMULATOR, List.of(accumulatorLayer, debian),
                pullConfig(registry.url(), ACCUMULATOR_REPOSITORY, ACCUMULATOR_TAG));
        return images;
    }

    /** Copies the bundle into {@code layer}/crik; a fresh copy each time, because the build replaces the bundle. */
    private static Path wrapperLayer(Path layer) {
        try {
            Files.createDirectories(layer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + layer, e);
        }
        HostCommand.run("rm", "-rf", layer.resolve("crik").toString());
        HostCommand.run("cp", "-a", Artifacts.bundle().toString(), layer.resolve("crik").toString());
        return layer;
    }

    /** Reads an image's config from a registry as a node's image pull does: manifest by tag, then config blob. */
    static ImageConfig pullConfig(String registryUrl, String repository, String tag) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JsonNode manifest = JSON.readTree(get(client, URI.create(registryUrl + "v2/" + repository + "/manifests/" + tag),
                FakeRegistry.OCI_MANIFEST));
        String configDigest = manifest.path("config").path("digest").asString();
        return ImageConfig.fromOciJson(get(client, URI.create(registryUrl + "v2/" + repository + "/blobs/" + configDigest),
                "application/vnd.oci.image.config.v1+json"));
    }

    private static String get(HttpClient client, URI uri, String accept) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).header("Accept", accept)
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + uri + " returned HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + uri, e);
        }
    }

    /**
     * The few Dockerfile instructions the example images use: FROM (the base is a local root
     * filesystem instead), COPY of a file from the Dockerfile's folder, and ENTRYPOINT and CMD in
     * exec form. Any other instruction is rejected, so that the local image never silently differs.
     */
    record Dockerfile(Path folder, List<String[]> copies, List<String> entrypoint, List<String> cmd) {

        static Dockerfile read(Path file) {
            List<String[]> copies = new ArrayList<>();
            List<String> entrypoint = List.of();
            List<String> cmd = List.of();
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            for (String line : lines) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#") || text.startsWith("FROM ")) {
                    continue;
                }
                String[] parts = text.split("\\s+", 2);
                switch (parts[0]) {
                    case "COPY" -> copies.add(parts[1].split("\\s+"));
                    case "ENTRYPOINT" -> entrypoint = execForm(parts[1], file);
                    case "CMD" -> cmd = execForm(parts[1], file);
                    default -> throw new IllegalArgumentException(file + ": instruction " + parts[0]
                            + " is not supported by the local image build; use COPY, ENTRYPOINT or CMD");
                }
            }
            return new Dockerfile(file.getParent(), copies, entrypoint, cmd);
        }

        /** Copies the COPY sources into a new layer directory and returns it. */
        Path copyInto(Path layer) {
            try {
                for (String[] copy : copies) {
                    if (copy.length != 2) {
                        throw new IllegalArgumentException("COPY " + String.join(" ", copy)
                                + " is not supported; give one source file and one absolute destination");
                    }
                    Path target = layer.resolve(copy[1].replaceFirst("^/", ""));
                    Files.createDirectories(target.getParent());
                    Files.copy(folder.resolve(copy[0]), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                return layer;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot build the image layer " + layer, e);
            }
        }

        private static List<String> execForm(String json, Path file) {
            JsonNode array = JSON.readTree(json);
            if (!array.isArray()) {
                throw new IllegalArgumentException(file + ": " + json + " is not in exec form; write a JSON array");
            }
            List<String> values = new ArrayList<>();
            array.forEach(value -> values.add(value.asString()));
            return values;
        }
    }
}
