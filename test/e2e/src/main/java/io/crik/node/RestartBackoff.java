package io.crik.node;

import java.time.Duration;
import java.time.Instant;

/**
 * The kubelet's crash-loop back-off for one container. The first restart happens at once; each
 * later one waits the current back-off after its exit, and the back-off then doubles up to the
 * maximum. It starts over when more than twice the maximum passed between two exits.
 * The kubelet's values are 10 s initial and 300 s maximum.
 */
public final class RestartBackoff {

    private final Duration initial;
    private final Duration maximum;
    private Duration current;
    private Instant lastUpdate;

    public RestartBackoff(Duration initial, Duration maximum) {
        this.initial = initial;
        this.maximum = maximum;
    }

    /**
     * Returns how long after {@code finishedAt} the container may start again, and records that
     * restart.
     */
    public synchronized Duration delayAfterExit(Instant finishedAt) {
        Duration delay;
        if (lastUpdate == null || expired(finishedAt)) {
            delay = Duration.ZERO;
            current = initial;
        } else {
            delay = current;
            Duration doubled = current.multipliedBy(2);
            current = doubled.compareTo(maximum) > 0 ? maximum : doubled;
        }
        lastUpdate = finishedAt;
        return delay;
    }

    private boolean expired(Instant finishedAt) {
        return Duration.between(lastUpdate, finishedAt).compareTo(maximum.multipliedBy(2)) > 0;
    }
}
