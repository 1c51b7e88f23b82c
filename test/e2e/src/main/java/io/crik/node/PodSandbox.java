package io.crik.node;

import io.crik.runc.HostCommand;
import io.crik.runc.IpcNamespace;
import io.crik.runc.Mount;
import io.crik.runc.NetworkNamespace;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a pod's containers share: one network namespace with only a loopback interface, one IPC
 * namespace, the pod's volumes as host directories, and the /etc/hosts and /etc/hostname files
 * the kubelet and containerd give each container. The node's port forwards to the host listen on
 * the loopback interface. Closing the sandbox removes all of that except claim directories, which
 * outlive the pod.
 */
final class PodSandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PodSandbox.class);

    private final Path directory;
    private final String hostname;
    private final NetworkNamespace network;
    private final List<LoopbackForward> forwards;
    private final IpcNamespace ipc;
    private final Map<String, VolumeDirectory> volumes;
    private final List<Path> tmpfsMounts;
    private final Path hostsFile;
    private final Path hostnameFile;

    /** A volume's host directory and whether the volume itself is read-only. */
    record VolumeDirectory(Path path, boolean readOnly) {
    }

    private PodSandbox(Path directory, String hostname, NetworkNamespace network, List<LoopbackForward> forwards,
            IpcNamespace ipc, Map<String, VolumeDirectory> volumes, List<Path> tmpfsMounts, Path hostsFile,
            Path hostnameFile) {
        this.directory = directory;
        this.hostname = hostname;
        this.network = network;
        this.forwards = forwards;
        this.ipc = ipc;
        this.volumes = volumes;
        this.tmpfsMounts = tmpfsMounts;
        this.hostsFile = hostsFile;
        this.hostnameFile = hostnameFile;
    }

    /**
     * Creates the sandbox of a defaulted, validated pod in {@code directory}; on failure it
     * removes what it created so far.
     */
    static PodSandbox create(Pod pod, Path directory, String networkName, ClaimStore claims, NodeOptions options) {
        List<AutoCloseable> created = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            String hostname = PodDefaults.hostname(pod);
            Path hostsFile = Files.writeString(directory.resolve("etc-hosts"), EtcHosts.content(options.podIp(), hostname));
            Path hostnameFile = Files.writeString(directory.resolve("etc-hostname"), hostname + "\n");

            NetworkNamespace network = NetworkNamespace.create(networkName);
            created.add(network);
            List<LoopbackForward> forwards = new ArrayList<>();
            for (NodeOptions.PortForward forward : options.portForwards()) {
                LoopbackForward opened = LoopbackForward.open(network.path(), forward.podPort(), forward.hostPort());
                forwards.add(opened);
                created.add(opened);
            }
            IpcNamespace ipc = IpcNamespace.create(directory.resolve("ipc-namespace"));
            created.add(ipc);

            Map<String, VolumeDirectory> volumes = new HashMap<>();
            List<Path> tmpfsMounts = new ArrayList<>();
            for (Volume volume : pod.getSpec().getVolumes()) {
                if (volume.getEmptyDir() != null) {
                    Path path = Files.createDirectories(directory.resolve("volumes").resolve(volume.getName()));
                    if ("Memory".equals(volume.getEmptyDir().getMedium())) {
                        HostCommand.run("mount", "-t", "tmpfs", "tmpfs", path.toString());
                        tmpfsMounts.add(path);
                    }
                    // The kubelet makes every emptyDir world-writable, so that any runAsUser can write.
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxrwxrwx"));
                    volumes.put(volume.getName(), new VolumeDirectory(path, false));
                } else {
                    var claim = volume.getPersistentVolumeClaim();
                    Path path = claims.require(pod.getMetadata().getNamespace(), claim.getClaimName());
                    volumes.put(volume.getName(), new VolumeDirectory(path, Boolean.TRUE.equals(claim.getReadOnly())));
                }
            }
            return new PodSandbox(directory, hostname, network, forwards, ipc, volumes, tmpfsMounts, hostsFile,
                    hostnameFile);
        } catch (IOException | RuntimeException e) {
            for (int i = created.size() - 1; i >= 0; i--) {
                closeQuietly(created.get(i));
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot create the sandbox of pod " + pod.getMetadata().getName()
                        + " in " + directory, io);
            }
            throw (RuntimeException) e;
        }
    }

    Path directory() {
        return directory;
    }

    String hostname() {
        return hostname;
    }

    NetworkNamespace network() {
        return network;
    }

    IpcNamespace ipc() {
        return ipc;
    }

    /**
     * Returns the bind mounts of one container start: its volume mounts, creating a missing
     * sub-path as the kubelet does, then /etc/hosts (unless the container mounts its own),
     * /etc/hostname and the termination message file.
     */
    List<Mount> mountsFor(ContainerPlan plan, Path terminationMessageFile) {
        Container container = plan.container();
        List<Mount> mounts = new ArrayList<>();
        boolean ownHosts = false;
        for (VolumeMount volumeMount : container.getVolumeMounts()) {
            VolumeDirectory volume = volumes.get(volumeMount.getName());
            Path source = volume.path();
            String subPath = volumeMount.getSubPath();
            if (volumeMount.getSubPathExpr() != null && !volumeMount.getSubPathExpr().isEmpty()) {
                subPath = SubPath.expand(volumeMount.getSubPathExpr(), plan.containerVariables());
            }
            if (subPath != null && !subPath.isEmpty()) {
                source = subPathSource(volume.path(), subPath, container.getName());
            }
            boolean readOnly = volume.readOnly() || Boolean.TRUE.equals(volumeMount.getReadOnly());
            mounts.add(new Mount(source, volumeMount.getMountPath(), readOnly));
            ownHosts |= volumeMount.getMountPath().equals("/etc/hosts");
        }
        if (!ownHosts) {
            mounts.add(Mount.bind(hostsFile, "/etc/hosts"));
        }
        mounts.add(new Mount(hostnameFile, "/etc/hostname", plan.security().readOnlyRootFilesystem()));
        mounts.add(Mount.bind(terminationMessageFile, container.getTerminationMessagePath()));
        return mounts;
    }

    /**
     * Resolves a sub-path inside a volume and creates it as a directory with the volume's
     * permissions when it is missing. A sub-path that leads out of the volume through a symbolic
     * link is rejected, as the kubelet rejects it.
     */
    static Path subPathSource(Path volume, String subPath, String containerName) {
        SubPath.validate(subPath);
        Path source = volume.resolve(subPath).normalize();
        try {
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(volume);
                Files.createDirectories(source);
                for (Path dir = source; !dir.equals(volume); dir = dir.getParent()) {
                    Files.setPosixFilePermissions(dir, permissions);
                }
            }
            Path real = source.toRealPath();
            if (!real.startsWith(volume.toRealPath())) {
                throw new IllegalArgumentException("subPath '" + subPath + "' of container " + containerName
                        + " leads to " + real + ", outside of its volume " + volume);
            }
            return real;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare subPath '" + subPath + "' of container " + containerName
                    + " in " + volume, e);
        }
    }

    /** Removes the port forwards, namespaces and emptyDir volumes; claim directories stay. */
    @Override
    public void close() {
        for (Path tmpfs : tmpfsMounts) {
            closeQuietly(() -> HostCommand.run("umount", tmpfs.toString()));
        }
        // A listening socket keeps its network namespace alive, so the forwards go first.
        forwards.forEach(PodSandbox::closeQuietly);
        closeQuietly(ipc);
        closeQuietly(network);
        closeQuietly(() -> deleteTree(directory.resolve("volumes")));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("cleanup step failed, continuing with the next: {}", e.toString());
        }
    }
}
