package io.crik.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.runc.RootfsImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Images, a claim store and local nodes for tests that run real containers; closing it destroys
 * every node it made.
 */
final class NodeFixture implements AutoCloseable {

    /** busybox with CMD ["sh"], as the busybox image on Docker Hub. */
    static final String BUSYBOX = "busybox:1.36";
    /** busybox with an ENTRYPOINT and a CMD that print their arguments one per line, in brackets. */
    static final String PRINTER = "registry.local/printer:1";
    /** Debian 12 with python3 and redis-server, CMD ["bash"], working directory /srv. */
    static final String DEBIAN = "debian:12";

    final ImageStore images = new ImageStore();
    final ClaimStore claims;
    private final Path work;
    private final List<LocalNode> nodes = new ArrayList<>();

    NodeFixture(Path work) throws IOException, InterruptedException {
        requireRoot();
        this.work = work;
        Path busybox = RootfsImages.require("busybox");
        images.add(BUSYBOX, busybox, ImageConfig.empty().withCmd("sh").withEnv("FROM_IMAGE=image", "OVERRIDDEN=image"));
        images.add(PRINTER, busybox, ImageConfig.empty()
                .withEntrypoint("/bin/printf", "[%s]\\n", "ENTRY")
                .withCmd("CMD 1", "CMD 2"));
        images.add(DEBIAN, RootfsImages.require("debian"), ImageConfig.empty().withCmd("bash")
                .withEnv("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8")
                .withWorkingDir("/srv"));
        claims = new ClaimStore(work.resolve("claims"));
    }

    LocalNode node(String name) {
        return node(name, NodeOptions.defaults());
    }

    LocalNode node(String name, NodeOptions options) {
        LocalNode node = new LocalNode(name, images, claims, work.resolve(name), options);
        nodes.add(node);
        return node;
    }

    @Override
    public void close() {
        for (LocalNode node : nodes) {
            node.close();
        }
    }

    private static void requireRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes()).strip();
        id.waitFor();
        assertThat(uid).as("these tests run containers with runc, which needs root").isEqualTo("0");
    }
}
