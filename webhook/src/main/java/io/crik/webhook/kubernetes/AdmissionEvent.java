package io.crik.webhook.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectReference;

/**
 * A Kubernetes Event about one admission decision.
 *
 * @param involvedObject the pod's owner, or the pod itself when it has none
 * @param reason {@code CrikInjected}, {@code CrikSkipped} or {@code CrikDenied}
 * @param type {@code Normal} or {@code Warning}
 * @param rateLimitKey key of the recorder's rate limit: one event per key and interval
 */
public record AdmissionEvent(String namespace, ObjectReference involvedObject, String reason, String type,
    String message, String rateLimitKey) {}
