package io.crik.runc;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Container images as local root filesystems, built once by {@code scripts/build-rootfs} into
 * the checkout's {@code .cache/rootfs}: {@code busybox} (static, no libc) and {@code debian}
 * (Debian 12 with python3 and redis-server).
 */
public final class RootfsImages {

    private RootfsImages() {
    }

    /** Returns the root filesystem of the named image, building it first when needed. */
    public static synchronized Path require(String name) {
        Path top = projectTop();
        Path rootfs = top.resolve(".cache/rootfs").resolve(name);
        if (!Files.exists(rootfs.resolve(".complete"))) {
            HostCommand.run(top.resolve("scripts/build-rootfs").toString(), name);
        }
        return rootfs;
    }

    /** Returns the checkout's top folder, found from the working directory upwards. */
    public static Path projectTop() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isExecutable(candidate.resolve("scripts/build-rootfs"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("scripts/build-rootfs not found above " + dir
                + "; run the tests from the crik checkout");
    }
}
