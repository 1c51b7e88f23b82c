package io.crik.node;

import java.time.Instant;

/** Factory of {@link PodEvent}s. */
final class Events {

    private Events() {
    }

    static PodEvent normal(String reason, String container, String message) {
        return new PodEvent(Instant.now(), "Normal", reason, container, message);
    }

    static PodEvent warning(String reason, String container, String message) {
        return new PodEvent(Instant.now(), "Warning", reason, container, message);
    }
}
