package io.crik.node;

import io.crik.runc.ContainerLog;
import io.crik.runc.ExecResult;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One container of a pod on a local node, across its restarts: its output like {@code kubectl
 * logs}, its status like the pod status's {@code containerStatuses} entry, and {@code exec}.
 */
public final class LocalContainer {

    private final ContainerPlan plan;
    private final boolean init;
    private final List<ContainerInstance> instances = new ArrayList<>();
    private ContainerState state;
    private ContainerState lastState;
    private Integer lastExitCode;

    LocalContainer(ContainerPlan plan, boolean init) {
        this.plan = plan;
        this.init = init;
        this.state = waiting("PodInitializing", "");
    }

    public String name() {
        return plan.container().getName();
    }

    public boolean isInit() {
        return init;
    }

    /** Returns the argv, environment, user and security settings the container runs with. */
    public ContainerPlan plan() {
        return plan;
    }

    /** Standard output of the current (latest) start, waiting up to 60 s for the first start. */
    public ContainerLog stdout() {
        return awaitInstance(Duration.ofSeconds(60)).runc().stdout();
    }

    /** Standard error of the current (latest) start, waiting up to 60 s for the first start. */
    public ContainerLog stderr() {
        return awaitInstance(Duration.ofSeconds(60)).runc().stderr();
    }

    /** Standard output of the start with this restart count, like {@code kubectl logs --previous}. */
    public synchronized ContainerLog stdout(int restartCount) {
        return instance(restartCount).runc().stdout();
    }

    public synchronized ContainerLog stderr(int restartCount) {
        return instance(restartCount).runc().stderr();
    }

    public synchronized int restartCount() {
        return instances.isEmpty() ? 0 : instances.get(instances.size() - 1).restartCount();
    }

    /** Returns the exit status of the latest start that ended, if any ended. */
    public synchronized OptionalInt lastExitCode() {
        return lastExitCode == null ? OptionalInt.empty() : OptionalInt.of(lastExitCode);
    }

    /** Returns the runc container id of the current start, as a container runtime's container ID. */
    public synchronized Optional<String> containerId() {
        return instances.isEmpty() ? Optional.empty() : Optional.of(instances.get(instances.size() - 1).id());
    }

    /** Returns the status as the kubelet reports it in the pod status. */
    public synchronized ContainerStatus status() {
        boolean running = state.getRunning() != null;
        ContainerStatusBuilder status = new ContainerStatusBuilder()
                .withName(name())
                .withImage(plan.container().getImage())
                .withImageID(plan.image().reference())
                .withRestartCount(restartCount())
                .withReady(running && !init)
                .withStarted(running)
                .withState(state)
                .withLastState(lastState == null ? new ContainerState() : lastState);
        containerId().ifPresent(id -> status.withContainerID("runc://" + id));
        return status.build();
    }

    /** Waits until the container's current start is running, and returns the host PID of its process 1. */
    public long awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ContainerInstance instance = awaitInstance(timeout);
        return instance.runc().awaitRunning(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }

    /**
     * Waits for the current start to exit and returns its exit status (128 plus the signal number
     * when a signal ended it).
     *
     * @throws AssertionError when it does not exit in time
     */
    public int awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ContainerInstance instance = awaitInstance(timeout);
        try {
            return instance.exit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("container " + name() + " still running after " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for container " + name(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for container " + name() + " failed", e.getCause());
        }
    }

    /** Runs a command in the running container, as {@code kubectl exec} does. */
    public ExecResult exec(Duration timeout, String... command) {
        return awaitInstance(Duration.ZERO).runc().exec(timeout, command);
    }

    synchronized List<ContainerInstance> instances() {
        return List.copyOf(instances);
    }

    synchronized Optional<ContainerInstance> current() {
        return instances.isEmpty() ? Optional.empty() : Optional.of(instances.get(instances.size() - 1));
    }

    synchronized boolean isRunning() {
        return state.getRunning() != null;
    }

    synchronized void started(ContainerInstance instance) {
        if (state.getTerminated() != null) {
            lastState = state;
        }
        instances.add(instance);
        state = new ContainerStateBuilder().withNewRunning().withStartedAt(instance.startedAt().toString())
                .endRunning().build();
        notifyAll();
    }

    synchronized void exited(ContainerInstance instance, int exitCode, Instant finishedAt, String message) {
        lastExitCode = exitCode;
        state = new ContainerStateBuilder().withNewTerminated()
                .withExitCode(exitCode)
                .withReason(exitCode == 0 ? "Completed" : "Error")
                .withMessage(message.isEmpty() ? null : message)
                .withStartedAt(instance.startedAt().toString())
                .withFinishedAt(finishedAt.toString())
                .withContainerID("runc://" + instance.id())
                .endTerminated().build();
        notifyAll();
    }

    /** Moves the terminated state to lastState while the container waits for its restart. */
    synchronized void waitingForRestart(String reason, String message) {
        if (state.getTerminated() != null) {
            lastState = state;
        }
        state = waiting(reason, message);
    }

    /** Records that the container could not be started, with the reason the kubelet would give. */
    synchronized void failedToStart(String reason, String message) {
        state = waiting(reason, message);
        notifyAll();
    }

    synchronized int nextRestartCount() {
        return instances.isEmpty() ? 0 : instances.get(instances.size() - 1).restartCount() + 1;
    }

    private synchronized ContainerInstance awaitInstance(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (instances.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("container " + name() + " has not started; its state is " + describe(state));
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for container " + name() + " to start", e);
            }
        }
        return instances.get(instances.size() - 1);
    }

    private ContainerInstance instance(int restartCount) {
        return instances.stream().filter(instance -> instance.restartCount() == restartCount).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("container " + name() + " has no start with restart"
                        + " count " + restartCount + "; it has started " + instances.size() + " times"));
    }

    private static ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason)
                .withMessage(message.isEmpty() ? null : message).endWaiting().build();
    }

    private static String describe(ContainerState state) {
        if (state.getWaiting() != null) {
            return "waiting (" + state.getWaiting().getReason()
                    + (state.getWaiting().getMessage() == null ? "" : ": " + state.getWaiting().getMessage()) + ")";
        }
        return state.getRunning() != null ? "running" : "terminated";
    }
}
