package io.crik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.node.LocalNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The bare pod of examples/demo/two-containers-pod.yaml: both containers are wrapped, each
 * checkpoints into its own directory below the annotated key, and both carry on after the pod
 * is created again on another node.
 */
class TwoContainersIT extends ScenarioTest {

    private static final String KEY = "demo/two-containers";

    @Test
    void bothContainersCarryOn() throws Exception {
        LocalNode nodeA = cluster.addNode("two-a");
        PodRun first = cluster.create(nodeA, Examples.pod(Examples.TWO_CONTAINERS_POD), "kubernetes-admin");
        awaitCount(first.container("counter"), 20);
        first.container("accumulator").stdout().awaitLine(line -> line.startsWith("step 20 "), TIMEOUT);

        assertThat(first.admission().mutated().getSpec().getContainers().get(1).getCommand()).containsExactly(
                "/crik/bin/crik", "run", "--", "python3", "-u", "/app/accumulate.py", "--steps", "150", "--memory-mib", "8");

        cluster.shutDown(nodeA);

        assertThat(exitCode(first.pod(), "counter")).isEqualTo(75);
        assertThat(exitCode(first.pod(), "accumulator")).isEqualTo(75);
        var claim = cluster.claimDirectory("demo", "checkpoints");
        assertThat(publishedCheckpoints(claim, KEY, "counter")).hasSize(1);
        assertThat(publishedCheckpoints(claim, KEY, "accumulator")).hasSize(1);

        LocalNode nodeB = cluster.addNode("two-b");
        PodRun second = cluster.create(nodeB, Examples.pod(Examples.TWO_CONTAINERS_POD), "kubernetes-admin");
        second.pod().awaitPhase("Succeeded", TIMEOUT);

        assertThat(wrapperLine(second.container("counter"), "restored ")).contains("key=" + KEY + "/counter");
        assertThat(wrapperLine(second.container("accumulator"), "restored ")).contains("key=" + KEY + "/accumulator");
        List<Integer> counts = new ArrayList<>(WorkloadOutput.counts(first.container("counter").stdout().lines()));
        counts.addAll(WorkloadOutput.counts(second.container("counter").stdout().lines()));
        assertThat(counts).containsExactlyElementsOf(IntStream.rangeClosed(1, 150).boxed().toList());
        List<String> before = first.container("accumulator").stdout().lines();
        List<String> after = second.container("accumulator").stdout().lines();
        List<WorkloadOutput.Step> steps = new ArrayList<>(WorkloadOutput.steps(before));
        steps.addAll(WorkloadOutput.steps(after));
        assertThat(steps).containsExactlyElementsOf(WorkloadOutput.expectedSteps("0", 150));
        assertThat(WorkloadOutput.finalDigest(after)).isEqualTo(WorkloadOutput.initialDigest(before));
    }
}
