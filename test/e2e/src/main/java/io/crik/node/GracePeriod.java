package io.crik.node;

/**
 * The kubelet's grace period arithmetic when it kills a container, in whole seconds.
 *
 * <p>The preStop hook may run for the whole grace period. The seconds it took (truncated) are then
 * subtracted, and the container's stop signal is followed by SIGKILL after what is left, but never
 * after less than 2 seconds, so a container always gets a short window after SIGTERM.
 */
public final class GracePeriod {

    /** The kubelet's minimum time between the stop signal and SIGKILL. */
    public static final long MINIMUM_STOP_SECONDS = 2;

    private GracePeriod() {
    }

    /**
     * Returns the grace period of a pod that is being deleted: the smallest of the given values,
     * falling back to the pod's terminationGracePeriodSeconds, and at least 1 second.
     *
     * @param requested the grace period of the delete request or the node shutdown, or null
     */
    public static long forDeletion(Long podSeconds, Long requested) {
        long seconds = podSeconds == null ? 30 : podSeconds;
        if (requested != null && requested < seconds) {
            seconds = requested;
        }
        return Math.max(seconds, 1);
    }

    /** Returns the seconds between the stop signal and SIGKILL after a preStop hook ran. */
    public static long stopTimeoutAfterPreStop(long gracePeriodSeconds, long preStopMillis) {
        long remaining = gracePeriodSeconds - preStopMillis / 1000;
        return Math.max(remaining, MINIMUM_STOP_SECONDS);
    }
}
