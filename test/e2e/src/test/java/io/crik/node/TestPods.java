package io.crik.node;

import io.fabric8.kubernetes.api.model.Pod;

/** Pod manifests for tests, written as YAML so that they read like what users apply. */
final class TestPods {

    private TestPods() {
    }

    /** Parses YAML and applies the API server's defaults for node {@code test-node}. */
    static Pod defaulted(String yaml) {
        return PodDefaults.apply(PodManifests.parse(yaml), "test-node");
    }
}
