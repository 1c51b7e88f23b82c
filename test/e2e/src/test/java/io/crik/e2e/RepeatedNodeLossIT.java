package io.crik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.node.LocalNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The counter Job loses three nodes in a row; each replacement restores its predecessor's checkpoint. */
class RepeatedNodeLossIT extends ScenarioTest {

    @Test
    void counterSurvivesThreeNodeLosses() {
        JobController job = new JobController(Examples.job(Examples.COUNTER_JOB));
        List<PodRun> runs = new ArrayList<>();
        int lastCount = 0;
        for (int loss = 1; loss <= 3; loss++) {
            LocalNode node = cluster.addNode("repeated-" + loss);
            PodRun run = cluster.create(node, job.newPod(), JobController.USER);
            runs.add(run);
            awaitCount(run.container("counter"), lastCount + 20);

            cluster.shutDown(node);

            assertThat(exitCode(run.pod(), "counter")).as("status after loss " + loss).isEqualTo(75);
            assertThat(job.podEnded(run.pod().status())).isEqualTo(JobController.Next.REPLACE);
            List<Integer> counts = WorkloadOutput.counts(run.container("counter").stdout().lines());
            lastCount = counts.get(counts.size() - 1);
        }
        LocalNode last = cluster.addNode("repeated-4");
        PodRun finalRun = cluster.create(last, job.newPod(), JobController.USER);
        runs.add(finalRun);
        finalRun.pod().awaitPhase("Succeeded", TIMEOUT);

        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            List<Integer> counts = WorkloadOutput.counts(runs.get(i).container("counter").stdout().lines());
            assertThat(counts).as("counts of pod " + (i + 1)).isNotEmpty();
            all.addAll(counts);
            if (i > 0) {
                assertThat(wrapperLine(runs.get(i).container("counter"), "restored "))
                        .as("restore in pod " + (i + 1)).contains("checkpoint=00000" + i);
            }
        }
        assertThat(all).containsExactlyElementsOf(IntStream.rangeClosed(1, 200).boxed().toList());
        assertThat(job.countedFailures()).isZero();
        assertThat(job.podEnded(finalRun.pod().status())).isEqualTo(JobController.Next.COMPLETE);
    }
}
