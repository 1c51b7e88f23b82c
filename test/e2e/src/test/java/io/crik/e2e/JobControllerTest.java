package io.crik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.node.PodManifests;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pods the Job controller creates and its podFailurePolicy decisions, without containers. */
class JobControllerTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @Test
    void nonIndexedPodCarriesJobIdentity() {
        JobController controller = new JobController(Examples.job(Examples.COUNTER_JOB));

        Pod pod = controller.newPod();

        assertThat(pod.getMetadata().getName()).isNull();
        assertThat(pod.getMetadata().getGenerateName()).isEqualTo("counter-");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("demo");
        assertThat(pod.getMetadata().getLabels())
                .containsEntry("batch.kubernetes.io/job-name", "counter")
                .containsEntry("job-name", "counter")
                .containsEntry("batch.kubernetes.io/controller-uid", controller.uid())
                .containsEntry("controller-uid", controller.uid());
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("crik.io/enabled", "true");
        var owner = pod.getMetadata().getOwnerReferences().get(0);
        assertThat(owner.getKind()).isEqualTo("Job");
        assertThat(owner.getUid()).isEqualTo(controller.uid());
        assertThat(owner.getController()).isTrue();
        assertThat(pod.getSpec().getHostname()).isNull();
    }

    @Test
    void indexedPodCarriesCompletionIndex() {
        JobController controller = new JobController(Examples.job(Examples.ACCUMULATOR_JOB));

        Pod pod = controller.newPod(1);

        assertThat(pod.getMetadata().getGenerateName()).isEqualTo("accumulator-1-");
        assertThat(pod.getMetadata().getLabels()).containsEntry("batch.kubernetes.io/job-completion-index", "1");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("batch.kubernetes.io/job-completion-index", "1");
        assertThat(pod.getSpec().getHostname()).isEqualTo("accumulator-1");
        EnvVar index = pod.getSpec().getContainers().get(0).getEnv().get(0);
        assertThat(index.getName()).isEqualTo("JOB_COMPLETION_INDEX");
        assertThat(index.getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    }

    @Test
    void podsLeaveTemplateUnchanged() {
        JobController controller = new JobController(Examples.job(Examples.ACCUMULATOR_JOB));

        controller.newPod(0);

        assertThat(controller.job().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).isNullOrEmpty();
        assertThat(controller.job().getSpec().getTemplate().getSpec().getHostname()).isNull();
    }

    @Test
    void succeededPodCompletes() {
        JobController controller = new JobController(Examples.job(Examples.COUNTER_JOB));

        assertThat(controller.podEnded(new PodStatusBuilder().withPhase("Succeeded").build()))
                .isEqualTo(JobController.Next.COMPLETE);
    }

    @ParameterizedTest(name = "exit {0}, DisruptionTarget {1}: {2}, {3} counted")
    @CsvSource({
            "75, false, REPLACE, 0",
            "143, true, REPLACE, 0",
            "75, true, REPLACE, 0",
            "143, false, REPLACE, 1",
            "1, false, REPLACE, 1"})
    void counterPolicyDecides(int exitCode, boolean disruption, JobController.Next next, int counted) {
        JobController controller = new JobController(Examples.job(Examples.COUNTER_JOB));

        assertThat(controller.podEnded(failed("counter", exitCode, disruption))).isEqualTo(next);
        assertThat(controller.countedFailures()).isEqualTo(counted);
    }

    @Test
    void countedFailuresPastBackoffLimitFailJob() {
        JobController controller = new JobController(Examples.job(Examples.COUNTER_JOB));

        assertThat(controller.podEnded(failed("counter", 1, false))).isEqualTo(JobController.Next.REPLACE);
        assertThat(controller.podEnded(failed("counter", 1, false))).isEqualTo(JobController.Next.REPLACE);
        assertThat(controller.podEnded(failed("counter", 1, false))).isEqualTo(JobController.Next.FAIL_JOB);
    }

    @Test
    void exitCodeRuleNamesItsContainer() {
        JobController controller = new JobController(Examples.job(Examples.COUNTER_JOB));

        assertThat(controller.podEnded(failed("sidecar", 75, false))).isEqualTo(JobController.Next.REPLACE);
        assertThat(controller.countedFailures()).isEqualTo(1);
    }

    @Test
    void failJobRuleEndsJob() {
        Job job = SERIALIZATION.unmarshal("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: strict, namespace: demo}
                spec:
                  podFailurePolicy:
                    rules:
                    - action: FailJob
                      onExitCodes: {operator: NotIn, values: [75]}
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: app, image: busybox:1.36, command: [sh]}]
                """, Job.class);
        JobController controller = new JobController(job);

        assertThat(controller.podEnded(failed("app", 75, false))).isEqualTo(JobController.Next.REPLACE);
        assertThat(controller.podEnded(failed("app", 2, false))).isEqualTo(JobController.Next.FAIL_JOB);
    }

    @Test
    void podParsesAsManifest() {
        Pod pod = new JobController(Examples.job(Examples.COUNTER_JOB)).newPod();

        assertThat(PodManifests.parse(SERIALIZATION.asYaml(pod))).isEqualTo(pod);
    }

    private static PodStatus failed(String container, int exitCode, boolean disruption) {
        PodStatusBuilder status = new PodStatusBuilder().withPhase("Failed")
                .withContainerStatuses(new ContainerStatusBuilder().withName(container)
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).endTerminated()
                                .build())
                        .build());
        if (disruption) {
            status.withConditions(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True").build());
        }
        return status.build();
    }
}
