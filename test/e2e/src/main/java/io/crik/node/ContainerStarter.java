package io.crik.node;

import io.crik.runc.ContainerSpec;
import io.crik.runc.Mount;
import io.crik.runc.OverlayRootfs;
import io.crik.runc.Runc;
import io.crik.runc.RuncContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Starts one container of a pod with runc, as containerd does for the kubelet: a fresh overlay
 * root filesystem, the sandbox's network and IPC namespaces, its own PID, mount and UTS
 * namespaces with the pod's hostname, and the resolved process, user, capabilities and mounts.
 */
final class ContainerStarter {

    /** The kubelet reads at most this many bytes of a termination message file. */
    private static final int MAX_TERMINATION_MESSAGE_BYTES = 4096;
    private static final int FALLBACK_LOG_LINES = 80;
    private static final int MAX_FALLBACK_LOG_BYTES = 2048;

    private final Runc runc;
    private final PodSandbox sandbox;
    private final String idPrefix;

    ContainerStarter(Runc runc, PodSandbox sandbox, String idPrefix) {
        this.runc = runc;
        this.sandbox = sandbox;
        this.idPrefix = idPrefix;
    }

    /**
     * Starts the container and a thread that waits for its exit, cleans up its root filesystem
     * and then calls {@code onExit} with the instance and its exit status.
     */
    ContainerInstance start(LocalContainer container, BiConsumer<ContainerInstance, Integer> onExit) {
        ContainerPlan plan = container.plan();
        int restartCount = container.nextRestartCount();
        String id = idPrefix + "-" + container.name() + "-" + restartCount;
        Path directory = sandbox.directory().resolve("containers").resolve(container.name() + "-" + restartCount);

        Path terminationMessageFile = createTerminationMessageFile(directory);
        List<Mount> mounts = sandbox.mountsFor(plan, terminationMessageFile);
        OverlayRootfs rootfs = OverlayRootfs.mount(plan.image().layers(), directory.resolve("rootfs"));
        RuncContainer runcContainer;
        try {
            runcContainer = runc.run(spec(id, plan, rootfs.path(), mounts));
        } catch (RuntimeException e) {
            rootfs.close();
            throw e;
        }

        ContainerInstance instance = new ContainerInstance(id, restartCount, runcContainer, rootfs,
                terminationMessageFile, Instant.now(), new CompletableFuture<>());
        container.started(instance);
        Thread waiter = new Thread(() -> awaitExit(instance, onExit), "wait-" + id);
        waiter.setDaemon(true);
        waiter.start();
        return instance;
    }

    private ContainerSpec spec(String id, ContainerPlan plan, Path rootfs, List<Mount> mounts) {
        EffectiveSecurity security = plan.security();
        ContainerSpec.Builder spec = ContainerSpec.builder(id, rootfs)
                .args(plan.argv())
                .env(plan.environment())
                .workingDir(plan.workingDir())
                .user(plan.user().uid(), plan.user().gid())
                .readOnlyRootfs(security.readOnlyRootFilesystem())
                .addCapabilities(plan.addedCapabilities().toArray(String[]::new))
                .dropCapabilities(plan.droppedCapabilities().toArray(String[]::new))
                .seccompAllowAll(security.seccomp() == EffectiveSecurity.Seccomp.RUNTIME_DEFAULT)
                .noNewPrivileges(!security.allowPrivilegeEscalation())
                .networkNamespace(sandbox.network().path())
                .ipcNamespace(sandbox.ipc().path())
                .hostname(sandbox.hostname());
        for (Mount mount : mounts) {
            spec.mount(mount);
        }
        return spec.build();
    }

    private static void awaitExit(ContainerInstance instance, BiConsumer<ContainerInstance, Integer> onExit) {
        int status = instance.runc().awaitExit(Duration.ofDays(3650)).orElse(-1);
        instance.runc().close();
        try {
            instance.rootfs().close();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ContainerStarter.class)
                    .warn("cannot unmount the root filesystem of container {}: {}", instance.id(), e.getMessage());
        }
        instance.exit().complete(status);
        onExit.accept(instance, status);
    }

    /**
     * Returns the termination message as the kubelet reads it: the file's content, or with
     * FallbackToLogsOnError and a failed, silent container, the end of its log.
     */
    static String terminationMessage(ContainerInstance instance, String policy, int exitCode) {
        String message;
        try {
            byte[] bytes = Files.readAllBytes(instance.terminationMessageFile());
            int length = Math.min(bytes.length, MAX_TERMINATION_MESSAGE_BYTES);
            message = new String(bytes, 0, length, StandardCharsets.UTF_8);
        } catch (IOException e) {
            message = "";
        }
        if (message.isEmpty() && exitCode != 0 && "FallbackToLogsOnError".equals(policy)) {
            List<String> lines = new java.util.ArrayList<>(instance.runc().stdout().lines());
            lines.addAll(instance.runc().stderr().lines());
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - FALLBACK_LOG_LINES), lines.size()));
            message = tail.length() > MAX_FALLBACK_LOG_BYTES ? tail.substring(tail.length() - MAX_FALLBACK_LOG_BYTES) : tail;
        }
        return message;
    }

    private static Path createTerminationMessageFile(Path directory) {
        try {
            Files.createDirectories(directory);
            Path file = Files.createFile(directory.resolve("termination-log"));
            // Any runAsUser must be able to write it.
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the termination message file in " + directory, e);
        }
    }
}
