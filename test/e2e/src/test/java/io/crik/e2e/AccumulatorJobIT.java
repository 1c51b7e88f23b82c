package io.crik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.node.LocalNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Indexed Python Job of examples/demo/accumulator-job.yaml: no command in its pod spec, so
 * the webhook takes ENTRYPOINT and CMD from the registry. Both indexes hold a hash chain and
 * 32 MiB of random data in memory, lose their node together, and each replacement carries on
 * with its own index's state.
 */
class AccumulatorJobIT extends ScenarioTest {

    private static final int STEPS = 200;

    @Test
    void eachIndexCarriesOnItsOwnState() {
        JobController job = new JobController(Examples.job(Examples.ACCUMULATOR_JOB));
        LocalNode nodeA = cluster.addNode("accumulator-a");
        List<PodRun> first = List.of(cluster.create(nodeA, job.newPod(0), JobController.USER),
                cluster.create(nodeA, job.newPod(1), JobController.USER));
        for (PodRun run : first) {
            run.container("accumulator").stdout().awaitLine(line -> line.startsWith("step 20 "), TIMEOUT);
        }

        assertThat(first.get(0).admission().request().getSpec().getContainers().get(0).getCommand()).isNullOrEmpty();
        assertThat(first.get(0).admission().mutated().getSpec().getContainers().get(0).getCommand()).containsExactly(
                "/crik/bin/crik", "run", "--", "python3", "-u", "/app/accumulate.py", "--steps", "200", "--memory-mib", "32");

        cluster.shutDown(nodeA);

        for (PodRun run : first) {
            assertThat(exitCode(run.pod(), "accumulator")).as("status of " + run.name()).isEqualTo(75);
            assertThat(job.podEnded(run.pod().status())).isEqualTo(JobController.Next.REPLACE);
        }
        LocalNode nodeB = cluster.addNode("accumulator-b");
        List<PodRun> second = List.of(cluster.create(nodeB, job.newPod(0), JobController.USER),
                cluster.create(nodeB, job.newPod(1), JobController.USER));
        for (PodRun run : second) {
            run.pod().awaitPhase("Succeeded", TIMEOUT);
        }

        for (int index = 0; index < 2; index++) {
            List<String> before = first.get(index).container("accumulator").stdout().lines();
            List<String> after = second.get(index).container("accumulator").stdout().lines();
            List<WorkloadOutput.Step> steps = new ArrayList<>(WorkloadOutput.steps(before));
            List<WorkloadOutput.Step> restoredSteps = WorkloadOutput.steps(after);
            assertThat(restoredSteps).as("steps of index " + index + " on node B").isNotEmpty();
            assertThat(restoredSteps.get(0).number()).as("first step of index " + index + " on node B")
                    .isEqualTo(steps.get(steps.size() - 1).number() + 1);
            steps.addAll(restoredSteps);
            assertThat(steps).as("hash chain of index " + index)
                    .containsExactlyElementsOf(WorkloadOutput.expectedSteps(Integer.toString(index), STEPS));
            assertThat(WorkloadOutput.initialDigest(before)).as("digest of the data at the start").isNotNull();
            assertThat(WorkloadOutput.finalDigest(after)).as("digest of the data at the end on node B")
                    .isEqualTo(WorkloadOutput.initialDigest(before));
            assertThat(wrapperLine(second.get(index).container("accumulator"), "restored "))
                    .contains("key=job/accumulator/" + job.uid() + "/" + index + "/accumulator");
            assertThat(job.podEnded(second.get(index).pod().status())).isEqualTo(JobController.Next.COMPLETE);
        }
    }
}
