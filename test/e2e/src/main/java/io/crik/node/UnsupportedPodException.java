package io.crik.node;

/**
 * A pod uses a feature the local node does not implement, so running it would differ from a real
 * node. The message names the pod, the field and what to use instead.
 */
public final class UnsupportedPodException extends IllegalArgumentException {

    public UnsupportedPodException(String message) {
        super(message);
    }
}
