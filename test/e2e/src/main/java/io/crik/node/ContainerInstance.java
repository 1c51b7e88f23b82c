package io.crik.node;

import io.crik.runc.OverlayRootfs;
import io.crik.runc.RuncContainer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One start of a container: its runc container, its own writable root filesystem and its
 * termination message file. A restart makes a new instance, as the kubelet creates a new container.
 *
 * @param exit completed with the exit status when the container's init process has exited
 */
record ContainerInstance(String id, int restartCount, RuncContainer runc, OverlayRootfs rootfs,
        Path terminationMessageFile, Instant startedAt, CompletableFuture<Integer> exit) {
}
