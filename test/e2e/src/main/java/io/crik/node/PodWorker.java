package io.crik.node;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's pod worker for one pod. It runs the init containers one after another, each to
 * success, then starts the regular containers in order. It restarts containers by the pod's
 * restartPolicy with crash-loop back-off, and on deletion stops them all in parallel. It handles
 * one event at a time from its queue, on its own thread.
 */
final class PodWorker {

    private static final Logger log = LoggerFactory.getLogger(PodWorker.class);

    private sealed interface Event permits Exited, RestartDue, Terminate, Destroy {
    }

    private record Exited(LocalContainer container, ContainerInstance instance, int exitCode, Instant at) implements Event {
    }

    private record RestartDue(LocalContainer container) implements Event {
    }

    private record Terminate(long gracePeriodSeconds) implements Event {
    }

    private record Destroy() implements Event {
    }

    private final RunningPod pod;
    private final ContainerStarter starter;
    private final ContainerKiller killer;
    private final NodeOptions options;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timers;
    private final Map<LocalContainer, ScheduledFuture<?>> pendingRestarts = new HashMap<>();
    private final Map<LocalContainer, RestartBackoff> backoffs = new HashMap<>();
    private final Set<ContainerInstance> liveInstances = new HashSet<>();
    private int nextInit;
    private boolean terminating;

    PodWorker(RunningPod pod, ContainerStarter starter, ContainerKiller killer, NodeOptions options) {
        this.pod = pod;
        this.starter = starter;
        this.killer = killer;
        this.options = options;
        this.timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "restarts-" + pod.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        Thread thread = new Thread(this::run, "pod-" + pod.namespace() + "-" + pod.name());
        thread.setDaemon(true);
        thread.start();
    }

    void terminate(long gracePeriodSeconds) {
        queue.add(new Terminate(gracePeriodSeconds));
    }

    void destroy() {
        queue.add(new Destroy());
    }

    private void run() {
        try {
            startNext();
            while (!isDone()) {
                handle(queue.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("pod worker of {} interrupted; removing its containers", pod.name());
            removeAllAndWait();
        } catch (RuntimeException e) {
            log.error("pod worker of {} failed; removing its containers", pod.name(), e);
            pod.record(Events.warning("Failed", "", "the local node failed to run the pod: " + e));
            removeAllAndWait();
        } finally {
            timers.shutdownNow();
            pod.finished(terminating);
        }
    }

    private void handle(Event event) {
        if (event instanceof Exited exited) {
            onExit(exited);
        } else if (event instanceof RestartDue due) {
            pendingRestarts.remove(due.container());
            if (!terminating) {
                startContainer(due.container());
            }
        } else if (event instanceof Terminate terminate) {
            onTerminate(terminate.gracePeriodSeconds());
        } else if (event instanceof Destroy) {
            cancelRestarts();
            removeAll();
        }
    }

    /** Starts the next init container, or all regular containers once every init container succeeded. */
    private void startNext() {
        List<LocalContainer> inits = pod.initContainers();
        if (nextInit < inits.size()) {
            startContainer(inits.get(nextInit));
            return;
        }
        for (LocalContainer container : pod.containers()) {
            startContainer(container);
        }
    }

    private void startContainer(LocalContainer container) {
        try {
            ContainerInstance instance = starter.start(container,
                    (exitedInstance, status) -> queue.add(new Exited(container, exitedInstance, status, Instant.now())));
            liveInstances.add(instance);
            pod.record(Events.normal("Started", container.name(), "Started container " + container.name()));
        } catch (RuntimeException e) {
            log.warn("cannot start container {} of pod {}: {}", container.name(), pod.name(), e.toString());
            container.failedToStart("CreateContainerError", e.getMessage());
            pod.record(Events.warning("Failed", container.name(), "Error: " + e.getMessage()));
        }
    }

    private void onExit(Exited exited) {
        LocalContainer container = exited.container();
        String message = ContainerStarter.terminationMessage(exited.instance(),
                container.plan().container().getTerminationMessagePolicy(), exited.exitCode());
        container.exited(exited.instance(), exited.exitCode(), exited.at(), message);
        liveInstances.remove(exited.instance());
        log.info("container {} of pod {} exited with {}", container.name(), pod.name(), exited.exitCode());
        if (terminating) {
            return;
        }

        String policy = pod.pod().getSpec().getRestartPolicy();
        boolean restart = container.isInit()
                ? RestartRule.restartsInitContainer(policy, exited.exitCode())
                : RestartRule.restartsContainer(policy, exited.exitCode());
        if (restart) {
            scheduleRestart(container, exited.at());
        } else if (container.isInit() && exited.exitCode() == 0) {
            nextInit++;
            startNext();
        }
    }

    private void scheduleRestart(LocalContainer container, Instant finishedAt) {
        RestartBackoff backoff = backoffs.computeIfAbsent(container,
                key -> new RestartBackoff(options.restartBackoffInitial(), options.restartBackoffMaximum()));
        Duration delay = backoff.delayAfterExit(finishedAt);
        if (delay.isZero()) {
            startContainer(container);
            return;
        }
        container.waitingForRestart("CrashLoopBackOff", "back-off " + delay.toSeconds() + "s restarting failed container="
                + container.name() + " pod=" + pod.name());
        pod.record(Events.warning("BackOff", container.name(), "Back-off restarting failed container "
                + container.name() + " for " + delay.toSeconds() + " s"));
        pendingRestarts.put(container, timers.schedule(() -> queue.add(new RestartDue(container)),
                delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void onTerminate(long gracePeriodSeconds) {
        if (terminating) {
            return;
        }
        cancelRestarts();
        log.info("terminating pod {} with a grace period of {} s", pod.name(), gracePeriodSeconds);

        for (LocalContainer container : allContainers()) {
            container.current().filter(instance -> !instance.exit().isDone()).ifPresent(instance -> {
                Thread thread = new Thread(() -> killer.kill(container, instance, gracePeriodSeconds), "kill-" + instance.id());
                thread.setDaemon(true);
                thread.start();
            });
        }
    }

    private void cancelRestarts() {
        terminating = true;
        pendingRestarts.values().forEach(restart -> restart.cancel(false));
        pendingRestarts.clear();
    }

    /** Removes every container at once, without hooks or grace, as when the node disappears. */
    private void removeAll() {
        for (ContainerInstance instance : List.copyOf(liveInstances)) {
            instance.runc().close();
        }
    }

    private void removeAllAndWait() {
        cancelRestarts();
        removeAll();
        try {
            while (!liveInstances.isEmpty()) {
                Event event = queue.poll(60, TimeUnit.SECONDS);
                if (event == null) {
                    log.warn("containers {} of pod {} did not exit after removal", liveInstances, pod.name());
                    return;
                }
                if (event instanceof Exited exited) {
                    onExit(exited);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Returns whether the worker is finished: nothing runs, no restart is due, and either the pod
     * is terminating, an init container failed for good, or every regular container has run.
     */
    private boolean isDone() {
        if (!liveInstances.isEmpty() || !pendingRestarts.isEmpty()) {
            return false;
        }
        if (terminating) {
            return true;
        }
        List<LocalContainer> inits = pod.initContainers();
        if (nextInit < inits.size()) {
            LocalContainer init = inits.get(nextInit);
            return init.lastExitCode().isPresent() && init.lastExitCode().getAsInt() != 0;
        }
        return pod.containers().stream().allMatch(container -> container.lastExitCode().isPresent());
    }

    private List<LocalContainer> allContainers() {
        List<LocalContainer> all = new ArrayList<>(pod.initContainers());
        all.addAll(pod.containers());
        return all;
    }
}
