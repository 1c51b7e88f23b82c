package io.crik.node;

import io.crik.runc.Runc;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kubernetes node on this machine: it runs pod specs with runc the way the kubelet and
 * containerd do, from images in an {@link ImageStore}, with claims from a {@link ClaimStore}
 * that several nodes may share.
 *
 * <pre>{@code
 * try (LocalNode node = new LocalNode("node-a", images, claims, workDir)) {
 *     RunningPod pod = node.run(PodManifests.parse(yaml));
 *     pod.container("app").stdout().awaitLine(line -> line.contains("ready"), Duration.ofSeconds(30));
 *     pod.delete();
 * }
 * }</pre>
 *
 * <p>Closing the node removes every container, mount and namespace it created.
 */
public final class LocalNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalNode.class);
    private static final AtomicInteger SANDBOX_COUNTER = new AtomicInteger();
    private static final Duration DESTROY_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final ImageStore images;
    private final ClaimStore claims;
    private final Path workDir;
    private final NodeOptions options;
    private final NodeResources resources;
    private final Runc runc;
    private final Map<String, RunningPod> pods = new ConcurrentHashMap<>();
    private final Thread cleanupOnExit;
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private volatile boolean closed;

    public LocalNode(String name, ImageStore images, ClaimStore claims, Path workDir) {
        this(name, images, claims, workDir, NodeOptions.defaults());
    }

    public LocalNode(String name, ImageStore images, ClaimStore claims, Path workDir, NodeOptions options) {
        if (!name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            throw new IllegalArgumentException("invalid node name '" + name + "'; use lower-case letters, digits, '-' and '.'");
        }
        this.name = name;
        this.images = images;
        this.claims = claims;
        this.workDir = workDir.toAbsolutePath();
        this.options = options;
        try {
            Files.createDirectories(this.workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the node's work directory " + workDir, e);
        }
        this.resources = NodeResources.ofThisMachine(this.workDir);
        this.runc = new Runc(this.workDir.resolve("runc"));
        // Removes the node's containers and namespaces even when a test run ends without closing it.
        this.cleanupOnExit = new Thread(this::destroy, "destroy-node-" + name);
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    public String name() {
        return name;
    }

    public ImageStore images() {
        return images;
    }

    public ClaimStore claims() {
        return claims;
    }

    /**
     * Runs a pod: applies the API server's defaults, binds it to this node, checks it, resolves
     * every container's command, environment and security settings, creates the sandbox, and
     * starts the containers on the pod's own worker thread. It returns once the sandbox exists.
     *
     * @throws UnsupportedPodException for a feature the local node does not implement
     * @throws IllegalArgumentException for an invalid pod, or one whose images or claims are missing
     */
    public RunningPod run(Pod spec) {
        if (closed) {
            throw new IllegalStateException("node " + name + " is closed; create a new one");
        }
        if (shuttingDown.get()) {
            throw new IllegalStateException("node " + name + " is shutting down and admits no pods");
        }
        Pod pod = PodDefaults.apply(spec, name);
        PodValidator.validate(pod);
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        if (pods.containsKey(key) && !pods.get(key).isFinished()) {
            throw new IllegalArgumentException("pod " + key + " already runs on node " + name);
        }

        List<ContainerPlan> initPlans = plans(pod, pod.getSpec().getInitContainers());
        List<ContainerPlan> plans = plans(pod, pod.getSpec().getContainers());
        RunningPod running = new RunningPod(pod, initPlans, plans, options);

        int sandboxNumber = SANDBOX_COUNTER.incrementAndGet();
        String uidPrefix = pod.getMetadata().getUid().replace("-", "").substring(0, 8);
        String sandboxId = uidPrefix + "-" + sandboxNumber;
        Path directory = workDir.resolve("pods").resolve(pod.getMetadata().getNamespace() + "_"
                + pod.getMetadata().getName() + "_" + sandboxId);
        String networkName = "crik-" + ProcessHandle.current().pid() + "-" + sandboxId;
        PodSandbox sandbox = PodSandbox.create(pod, directory, networkName, claims, options);

        ContainerStarter starter = new ContainerStarter(runc, sandbox, sandboxId);
        ContainerKiller killer = new ContainerKiller(sandbox, options.podIp(), running::record);
        pods.put(key, running);
        running.start(sandbox, new PodWorker(running, starter, killer, options));
        log.info("node {} runs pod {} (uid {}) in sandbox {}", name, key, pod.getMetadata().getUid(), directory);
        return running;
    }

    /** Returns the pods on this node, finished ones included. */
    public List<RunningPod> pods() {
        return List.copyOf(pods.values());
    }

    public Optional<RunningPod> pod(String namespace, String podName) {
        return Optional.ofNullable(pods.get(namespace + "/" + podName));
    }

    /**
     * Makes the node report itself as shutting down, as the kubelet does when its graceful node
     * shutdown starts: the Ready condition turns False with the message "node is shutting down",
     * and no new pod is admitted. Logs only the first call, because {@link #shutdown()} calls it
     * again after a caller has already published the node's new state.
     */
    public void markShuttingDown() {
        if (shuttingDown.compareAndSet(false, true)) {
            log.info("node {} is shutting down", name);
        }
    }

    public boolean isShuttingDown() {
        return shuttingDown.get();
    }

    /** Returns the node's Ready condition as the kubelet reports it. */
    public NodeCondition readyCondition() {
        NodeConditionBuilder condition = new NodeConditionBuilder().withType("Ready")
                .withLastHeartbeatTime(Instant.now().toString());
        if (shuttingDown.get()) {
            return condition.withStatus("False").withReason("KubeletNotReady").withMessage("node is shutting down").build();
        }
        return condition.withStatus("True").withReason("KubeletReady").withMessage("kubelet is posting ready status").build();
    }

    /** Returns this node as a Node object, for an API server or a node-state service. */
    public Node asNode() {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().withConditions(readyCondition()).endStatus().build();
    }

    /**
     * Shuts the node down gracefully, as the kubelet's graceful node shutdown does: reports
     * shutting down, then terminates every pod in parallel with preStop hooks, SIGTERM and SIGKILL
     * (with {@link NodeOptions#shutdownGracePeriod} as the longest grace period, when set), and
     * waits until all are gone.
     */
    public void shutdown() {
        markShuttingDown();
        List<CompletableFuture<Void>> terminations = new ArrayList<>();
        for (RunningPod pod : pods.values()) {
            if (!pod.isFinished()) {
                terminations.add(pod.terminateForShutdown(options.shutdownGracePeriod()));
            }
        }
        CompletableFuture.allOf(terminations.toArray(CompletableFuture[]::new)).join();
        log.info("node {} shut down: {} pods terminated", name, terminations.size());
    }

    /**
     * Removes every container at once, without preStop hooks or grace periods, then the pods'
     * sandboxes: what the pods see when the machine under a node disappears.
     */
    public void destroy() {
        shuttingDown.set(true);
        List<CompletableFuture<Void>> removals = new ArrayList<>();
        for (RunningPod pod : pods.values()) {
            if (!pod.isFinished()) {
                removals.add(pod.destroy());
            }
        }
        try {
            CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new))
                    .get(DESTROY_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("node {}: not every pod was removed within {}: {}", name, DESTROY_TIMEOUT, e.toString());
        }
        if (!removals.isEmpty()) {
            log.info("node {} destroyed: {} pods removed", name, removals.size());
        }
    }

    /** Destroys whatever still runs and stops accepting pods. */
    @Override
    public void close() {
        closed = true;
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and runs the hook itself.
        }
    }

    private List<ContainerPlan> plans(Pod pod, List<Container> containers) {
        List<ContainerPlan> plans = new ArrayList<>();
        for (Container container : containers) {
            if (container.getLivenessProbe() != null || container.getReadinessProbe() != null
                    || container.getStartupProbe() != null) {
                log.warn("node {}: container {} of pod {} has probes, which the local node does not run;"
                        + " it counts the container ready while it runs", name, container.getName(),
                        pod.getMetadata().getName());
            }
            ContainerPlan plan = ContainerPlan.of(pod, container, images, options, resources);
            for (VolumeMount mount : container.getVolumeMounts()) {
                if (mount.getSubPathExpr() != null && !mount.getSubPathExpr().isEmpty()) {
                    SubPath.expand(mount.getSubPathExpr(), plan.containerVariables());
                }
            }
            plans.add(plan);
        }
        return plans;
    }
}
