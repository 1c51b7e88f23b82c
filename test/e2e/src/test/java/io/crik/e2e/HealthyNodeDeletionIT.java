package io.crik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.node.LocalContainer;
import io.crik.node.LocalNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pod deleted while its node is healthy is not checkpointed: the node-state service reports
 * the node as not going away, so the wrapper skips the checkpoint and the app gets SIGTERM. The
 * Job's replacement then starts from the beginning.
 */
class HealthyNodeDeletionIT extends ScenarioTest {

    @Test
    void deletionSendsSigtermWithoutCheckpoint() throws Exception {
        JobController job = new JobController(Examples.job(Examples.COUNTER_JOB));
        LocalNode node = cluster.addNode("healthy");
        PodRun first = cluster.create(node, job.newPod(), JobController.USER);
        LocalContainer counter = first.container("counter");
        awaitCount(counter, 20);

        first.pod().delete();

        assertThat(exitCode(first.pod(), "counter")).as("the shell's status after its SIGTERM trap").isEqualTo(143);
        List<String> output = counter.stdout().lines();
        assertThat(output.get(output.size() - 1)).matches("stopped by SIGTERM at count \\d+");
        assertThat(counter.stderr().lines()).anyMatch(line -> line.contains("not checkpointing")
                && line.contains("node " + node.name() + " is not going away"));
        assertThat(counter.stderr().lines()).anyMatch(line -> line.startsWith("crik: info: forwarded SIGTERM to the app"));
        assertThat(counter.stderr().lines()).noneMatch(line -> line.startsWith("crik: info: checkpointed "));
        String key = "job/counter/" + job.uid();
        assertThat(publishedCheckpoints(cluster.claimDirectory("demo", "checkpoints"), key, "counter")).isEmpty();

        assertThat(job.podEnded(first.pod().status())).isEqualTo(JobController.Next.REPLACE);
        assertThat(job.countedFailures()).as("a deleted pod counts against backoffLimit").isEqualTo(1);
        PodRun second = cluster.create(node, job.newPod(), JobController.USER);
        awaitCount(second.container("counter"), 1);
        assertThat(wrapperLine(second.container("counter"), "started ")).contains("key=" + key + "/counter");
        assertThat(WorkloadOutput.counts(second.container("counter").stdout().lines()).get(0)).isEqualTo(1);
    }
}
