package io.crik.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;

/** A running webhook process and a client that sends it pods for admission. */
public final class Webhook implements AutoCloseable {

    private final WebhookProcess process;
    private final AdmissionClient client;

    Webhook(WebhookProcess process, AdmissionClient client) {
        this.process = process;
        this.client = client;
    }

    /** Sends a pod CREATE for admission as {@code requestingUser} would make it. */
    public Admission admit(Pod pod, String requestingUser) {
        return client.admit(pod, requestingUser);
    }

    public String name() {
        return process.name();
    }

    public String mutateUrl() {
        return process.mutateUrl().toString();
    }

    /** Returns the base URL of health, metrics and node state. */
    public String plainUrl() {
        return process.plainUrl();
    }

    int plainPort() {
        return process.plainPort();
    }

    public Path logFile() {
        return process.logFile();
    }

    NodeStateClient nodeState() {
        return new NodeStateClient(process.plainUrl());
    }

    @Override
    public void close() {
        process.close();
    }
}
