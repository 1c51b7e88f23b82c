package io.crik.node;

import io.crik.runc.ExecResult;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops one running container as the kubelet and containerd do: the preStop hook within the
 * grace period, then the image's stop signal (SIGTERM unless the image sets another StopSignal) to the
 * container's process 1, then SIGKILL when the rest of the grace period has passed.
 */
final class ContainerKiller {

    private static final Logger log = LoggerFactory.getLogger(ContainerKiller.class);
    private static final Duration EXIT_AFTER_KILL = Duration.ofSeconds(30);

    private final PodSandbox sandbox;
    private final String podIp;
    private final Consumer<PodEvent> events;

    ContainerKiller(PodSandbox sandbox, String podIp, Consumer<PodEvent> events) {
        this.sandbox = sandbox;
        this.podIp = podIp;
        this.events = events;
    }

    /** Stops the instance and returns when its process 1 has exited. */
    void kill(LocalContainer container, ContainerInstance instance, long gracePeriodSeconds) {
        String name = container.name();
        events.accept(Events.normal("Killing", name, "Stopping container " + name + " with a grace period of "
                + gracePeriodSeconds + " s"));
        long stopTimeout = GracePeriod.stopTimeoutAfterPreStop(gracePeriodSeconds, 0);

        LifecycleHandler preStop = container.plan().container().getLifecycle() == null
                ? null : container.plan().container().getLifecycle().getPreStop();
        if (preStop != null) {
            long start = System.nanoTime();
            runPreStop(container, instance, preStop, gracePeriodSeconds);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            stopTimeout = GracePeriod.stopTimeoutAfterPreStop(gracePeriodSeconds, elapsedMillis);
        }

        if (instance.exit().isDone()) {
            return;
        }
        String signal = container.plan().stopSignal();
        log.info("sending SIG{} to container {}, SIGKILL in {} s", signal, instance.id(), stopTimeout);
        ExecResult term = instance.runc().kill(signal);
        if (!term.succeeded() && !instance.exit().isDone()) {
            log.warn("runc kill {} {} failed: {}", instance.id(), signal, term.stderr().strip());
        }
        if (awaitExit(instance, Duration.ofSeconds(stopTimeout))) {
            return;
        }

        log.info("container {} still running after {} s, sending SIGKILL", instance.id(), stopTimeout);
        instance.runc().kill("KILL");
        if (!awaitExit(instance, EXIT_AFTER_KILL)) {
            log.warn("container {} did not exit {} after SIGKILL; removing it", instance.id(), EXIT_AFTER_KILL);
            instance.runc().close();
        }
    }

    private void runPreStop(LocalContainer container, ContainerInstance instance, LifecycleHandler preStop,
            long gracePeriodSeconds) {
        Duration budget = Duration.ofSeconds(gracePeriodSeconds);
        CompletableFuture<LifecycleHooks.Outcome> hook = CompletableFuture.supplyAsync(() ->
                LifecycleHooks.run(preStop, container.plan().container(), instance.runc(), sandbox, podIp, budget));
        try {
            LifecycleHooks.Outcome outcome = hook.get(gracePeriodSeconds, TimeUnit.SECONDS);
            if (!outcome.succeeded()) {
                events.accept(Events.warning("FailedPreStopHook", container.name(), outcome.message()));
            }
        } catch (TimeoutException e) {
            events.accept(Events.warning("FailedPreStopHook", container.name(),
                    "PreStop hook not completed in grace period of " + gracePeriodSeconds + " s"));
        } catch (ExecutionException e) {
            events.accept(Events.warning("FailedPreStopHook", container.name(), e.getCause().toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitExit(ContainerInstance instance, Duration timeout) {
        try {
            instance.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return instance.exit().isDone();
        }
    }
}
