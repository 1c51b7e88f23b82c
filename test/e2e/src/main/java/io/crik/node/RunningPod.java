package io.crik.node;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod that a {@link LocalNode} runs: its containers, its status like the API's pod status, its
 * events, and deletion with the kubelet's graceful termination.
 */
public final class RunningPod {

    private static final Logger log = LoggerFactory.getLogger(RunningPod.class);

    private final Pod pod;
    private final String podIp;
    private final String hostIp;
    private final Instant startTime = Instant.now();
    private final List<LocalContainer> initContainers;
    private final List<LocalContainer> containers;
    private final Map<String, LocalContainer> byName = new LinkedHashMap<>();
    private final List<PodEvent> events = new ArrayList<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private PodSandbox sandbox;
    private PodWorker worker;
    private boolean terminal;
    private boolean deletionRequested;
    private String shutdownReason;

    RunningPod(Pod pod, List<ContainerPlan> initPlans, List<ContainerPlan> plans, NodeOptions options) {
        this.pod = pod;
        this.podIp = options.podIp();
        this.hostIp = options.hostIp();
        this.initContainers = initPlans.stream().map(plan -> new LocalContainer(plan, true)).toList();
        this.containers = plans.stream().map(plan -> new LocalContainer(plan, false)).toList();
        initContainers.forEach(container -> byName.put(container.name(), container));
        containers.forEach(container -> byName.put(container.name(), container));
    }

    void start(PodSandbox sandbox, PodWorker worker) {
        this.sandbox = sandbox;
        this.worker = worker;
        worker.start();
    }

    /** The pod as the node runs it, with the API server's defaults and {@code spec.nodeName} set. */
    public Pod pod() {
        return pod;
    }

    public String name() {
        return pod.getMetadata().getName();
    }

    public String namespace() {
        return pod.getMetadata().getNamespace();
    }

    public String uid() {
        return pod.getMetadata().getUid();
    }

    /** Returns the container or init container with this name. */
    public LocalContainer container(String name) {
        LocalContainer container = byName.get(name);
        if (container == null) {
            throw new IllegalArgumentException("pod " + name() + " has no container named " + name + "; it has "
                    + byName.keySet());
        }
        return container;
    }

    public List<LocalContainer> initContainers() {
        return initContainers;
    }

    public List<LocalContainer> containers() {
        return containers;
    }

    /** Returns the host directory of the pod's sandbox: its volumes, hosts file and container layers. */
    public java.nio.file.Path directory() {
        return sandbox.directory();
    }

    /** Returns the pod's phase: Pending, Running, Succeeded or Failed. */
    public String phase() {
        return status().getPhase();
    }

    /** Returns the status as the kubelet would report it to the API server. */
    public PodStatus status() {
        List<ContainerStatus> initStatuses = initContainers.stream().map(LocalContainer::status).toList();
        List<ContainerStatus> statuses = containers.stream().map(LocalContainer::status).toList();
        boolean podIsTerminal;
        String reason;
        synchronized (this) {
            podIsTerminal = terminal;
            reason = shutdownReason;
        }
        String phase = PodPhaseRule.phase(pod.getSpec(), initStatuses, statuses, podIsTerminal);
        if (reason != null && podIsTerminal) {
            // The kubelet's node shutdown manager marks every pod it terminates as Failed.
            phase = PodPhaseRule.FAILED;
        }
        PodStatusBuilder status = new PodStatusBuilder()
                .withPhase(phase)
                .withHostIP(hostIp)
                .withPodIP(podIp)
                .withPodIPs(new PodIPBuilder().withIp(podIp).build())
                .withStartTime(startTime.toString())
                .withInitContainerStatuses(initStatuses)
                .withContainerStatuses(statuses);
        if (reason != null) {
            status.withReason("Terminated").withMessage(reason)
                    .withConditions(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
                            .withReason("TerminationByKubelet").withMessage(reason).build());
        }
        return status.build();
    }

    /** Returns the events recorded so far, oldest first. */
    public synchronized List<PodEvent> events() {
        return List.copyOf(events);
    }

    /**
     * Waits until the pod reaches {@code phase}.
     *
     * @throws AssertionError when it does not within the timeout, with its status and events
     */
    public void awaitPhase(String phase, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!phase().equals(phase)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pod " + name() + " not " + phase + " after " + timeout + " but " + phase()
                        + "; events:\n" + String.join("\n", events().stream().map(PodEvent::toString).toList()));
            }
            sleep(Duration.ofMillis(20));
        }
    }

    /** Returns whether the node has stopped every container and removed the sandbox. */
    public boolean isFinished() {
        return finished.isDone();
    }

    /**
     * Waits until the node has stopped every container of the pod and removed its sandbox, which
     * happens when the pod completes by itself or after deletion.
     */
    public boolean awaitFinished(Duration timeout) {
        try {
            finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Deletes the pod with its own terminationGracePeriodSeconds and waits until it is gone. */
    public void delete() {
        deleteAsync(null).join();
    }

    /** Deletes the pod with a shorter grace period, like {@code kubectl delete --grace-period}. */
    public void delete(long gracePeriodSeconds) {
        deleteAsync(gracePeriodSeconds).join();
    }

    /**
     * Starts deleting the pod and returns a future that completes when every container has
     * stopped and the sandbox is gone.
     *
     * @param gracePeriodSeconds the delete request's grace period, or null for the pod's own
     */
    public CompletableFuture<Void> deleteAsync(Long gracePeriodSeconds) {
        long gracePeriod = GracePeriod.forDeletion(pod.getSpec().getTerminationGracePeriodSeconds(), gracePeriodSeconds);
        synchronized (this) {
            deletionRequested = true;
        }
        record(Events.normal("Killing", "", "Deleting pod with a grace period of " + gracePeriod + " s"));
        worker.terminate(gracePeriod);
        return finished;
    }

    /** Terminates the pod because its node shuts down, with the node's grace period if shorter. */
    CompletableFuture<Void> terminateForShutdown(Duration shutdownGracePeriod) {
        synchronized (this) {
            shutdownReason = "Pod was terminated in response to imminent node shutdown.";
        }
        return deleteAsync(shutdownGracePeriod == null ? null : shutdownGracePeriod.toSeconds());
    }

    /** Removes every container at once, without hooks or grace, as when the node disappears. */
    CompletableFuture<Void> destroy() {
        worker.destroy();
        return finished;
    }

    synchronized void record(PodEvent event) {
        events.add(event);
        log.debug("pod {}/{}: {}", namespace(), name(), event);
    }

    void finished(boolean terminated) {
        try {
            sandbox.close();
        } finally {
            synchronized (this) {
                terminal = terminated && deletionRequested || terminated && shutdownReason != null;
            }
            log.info("pod {}/{} finished in phase {}", namespace(), name(), phase());
            finished.complete(null);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
