package io.crik.node;

import java.time.Instant;

/**
 * Something that happened to a pod on the node, named as the kubelet names its events
 * ({@code Started}, {@code Killing}, {@code FailedPreStopHook}, {@code BackOff}, ...).
 *
 * @param type {@code Normal} or {@code Warning}
 * @param container the container it concerns, or empty for the pod
 */
public record PodEvent(Instant time, String type, String reason, String container, String message) {

    @Override
    public String toString() {
        return time + " " + type + " " + reason + (container.isEmpty() ? "" : " [" + container + "]") + ": " + message;
    }
}
