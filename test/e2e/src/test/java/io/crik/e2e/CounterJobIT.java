package io.crik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.node.LocalNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The counter Job of examples/demo/counter-job.yaml loses its node and carries on in its replacement. */
class CounterJobIT extends ScenarioTest {

    @Test
    void counterCarriesOnAfterNodeLoss() throws Exception {
        JobController job = new JobController(Examples.job(Examples.COUNTER_JOB));
        LocalNode nodeA = cluster.addNode("counter-a");
        PodRun first = cluster.create(nodeA, job.newPod(), JobController.USER);
        awaitCount(first.container("counter"), 30);

        cluster.shutDown(nodeA);

        PodStatus ended = first.pod().status();
        assertThat(ended.getPhase()).isEqualTo("Failed");
        assertThat(exitCode(first.pod(), "counter")).as("the wrapper's status after a checkpoint").isEqualTo(75);
        assertThat(job.podEnded(ended)).isEqualTo(JobController.Next.REPLACE);
        assertThat(job.countedFailures()).as("failures counted against backoffLimit").isZero();
        String key = "job/counter/" + job.uid();
        assertThat(publishedCheckpoints(cluster.claimDirectory("demo", "checkpoints"), key, "counter")).hasSize(1);

        LocalNode nodeB = cluster.addNode("counter-b");
        PodRun second = cluster.create(nodeB, job.newPod(), JobController.USER);
        second.pod().awaitPhase("Succeeded", TIMEOUT);

        assertThat(second.name()).startsWith("counter-").isNotEqualTo(first.name());
        assertThat(wrapperLine(second.container("counter"), "restored ")).contains("key=" + key + "/counter");
        List<Integer> before = WorkloadOutput.counts(first.container("counter").stdout().lines());
        List<Integer> after = WorkloadOutput.counts(second.container("counter").stdout().lines());
        assertThat(before).as("counts on node A").isNotEmpty();
        assertThat(after).as("counts on node B").isNotEmpty();
        assertThat(after.get(0)).as("first count on node B").isEqualTo(before.get(before.size() - 1) + 1);
        List<Integer> all = new ArrayList<>(before);
        all.addAll(after);
        assertThat(all).containsExactlyElementsOf(IntStream.rangeClosed(1, 200).boxed().toList());
        assertThat(second.container("counter").stdout().lines()).last().isEqualTo("counted to 200");
        assertThat(job.podEnded(second.pod().status())).isEqualTo(JobController.Next.COMPLETE);
    }

    @Test
    void admissionInjectsWrapper() {
        JobController job = new JobController(Examples.job(Examples.COUNTER_JOB));
        LocalNode node = cluster.addNode("counter-admission");

        PodRun run = cluster.create(node, job.newPod(), JobController.USER);
        awaitCount(run.container("counter"), 1);

        Container install = run.admission().mutated().getSpec().getInitContainers().get(0);
        assertThat(install.getName()).isEqualTo("crik-install");
        assertThat(install.getImage()).isEqualTo(WorkloadImages.WRAPPER);
        assertThat(run.container("crik-install").lastExitCode()).hasValue(0);
        assertThat(run.container("crik-install").stdout().lines()).anyMatch(line ->
                line.startsWith("crik: installed the bundle into /crik-install"));
        Container counter = run.admission().mutated().getSpec().getContainers().get(0);
        assertThat(counter.getCommand()).startsWith("/crik/bin/crik", "run", "--", "sh", "-c");
        assertThat(counter.getArgs()).isNullOrEmpty();
        assertThat(counter.getLifecycle().getPreStop().getExec().getCommand())
                .containsExactly("/crik/bin/crik", "checkpoint");
        assertThat(counter.getSecurityContext().getSeccompProfile().getType()).isEqualTo("Unconfined");
        assertThat(run.admission().mutated().getMetadata().getAnnotations()).containsKey("crik.io/injected");
        assertThat(wrapperLine(run.container("counter"), "started ")).contains("key=job/counter/" + job.uid() + "/counter");
    }
}
