package io.crik.e2e;

import io.crik.node.LocalContainer;
import io.crik.node.LocalNode;
import io.crik.node.RunningPod;

/**
 * A pod that went through the webhook and runs on a local node.
 *
 * @param admission the webhook's verdict and the mutated pod
 * @param pod the pod on the node, with the name the API server gave it
 * @param node the node it runs on
 */
public record PodRun(Admission admission, RunningPod pod, LocalNode node) {

    public String name() {
        return pod.name();
    }

    public LocalContainer container(String name) {
        return pod.container(name);
    }
}
