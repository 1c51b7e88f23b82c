package io.crik.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The install examples under examples/, parsed into fabric8 models. */
class ExamplesTest {

  private static final Path EXAMPLES = Path.of(System.getProperty("crik.top.directory", ".."), "examples");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static <T extends HasMetadata> T read(String file, Class<T> type) throws Exception {
    return SERIALIZATION.unmarshal(Files.readString(EXAMPLES.resolve(file)), type);
  }

  @Test
  void namespaceOptsInAtPrivilegedLevel() throws Exception {
    Namespace namespace = read("namespace.yaml", Namespace.class);

    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("crik.io/enabled", "true")
        .containsEntry("pod-security.kubernetes.io/enforce", "privileged");
  }

  @Test
  void claimIsSharedAcrossNodes() throws Exception {
    PersistentVolumeClaim claim = read("checkpoint-claim.yaml", PersistentVolumeClaim.class);

    assertThat(claim.getMetadata().getNamespace()).isEqualTo("batch-spot");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
  }

  @Test
  void jobIgnoresDisruptionAndCheckpointExit() throws Exception {
    Job job = read("job.yaml", Job.class);
    var rules = job.getSpec().getPodFailurePolicy().getRules();

    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(rules).extracting(PodFailurePolicyRule::getAction).containsOnly("Ignore");
    assertThat(rules).anySatisfy(rule ->
        assertThat(rule.getOnPodConditions()).singleElement().satisfies(condition ->
            assertThat(condition.getType()).isEqualTo("DisruptionTarget")));
    assertThat(rules).filteredOn(rule -> rule.getOnExitCodes() != null).singleElement().satisfies(rule -> {
      assertThat(rule.getOnExitCodes().getOperator()).isEqualTo("In");
      assertThat(rule.getOnExitCodes().getValues()).containsExactly(75);
      assertThat(rule.getOnExitCodes().getContainerName())
          .isEqualTo(job.getSpec().getTemplate().getSpec().getContainers().get(0).getName());
    });
    assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("crik.io/checkpoint-claim", "checkpoints");
  }

  // The Job is written for GKE Spot VMs: the grace period fits GKE's default shutdown period for
  // pods, and the toleration belongs to the provider of the selected nodes.
  @Test
  void jobTargetsOneProvidersSpotNodes() throws Exception {
    PodSpec spec = read("job.yaml", Job.class).getSpec().getTemplate().getSpec();

    assertThat(spec.getNodeSelector()).containsExactly(Map.entry("cloud.google.com/gke-spot", "true"));
    assertThat(spec.getTolerations()).singleElement().satisfies(toleration -> {
      assertThat(toleration.getKey()).isEqualTo("cloud.google.com/gke-spot");
      assertThat(toleration.getOperator()).isEqualTo("Equal");
      assertThat(toleration.getValue()).isEqualTo("true");
      assertThat(toleration.getEffect()).isEqualTo("NoSchedule");
    });
    assertThat(spec.getTerminationGracePeriodSeconds()).isEqualTo(15L);
  }

  @Test
  void statefulSetUsesExampleClaim() throws Exception {
    StatefulSet statefulSet = read("statefulset.yaml", StatefulSet.class);
    PersistentVolumeClaim claim = read("checkpoint-claim.yaml", PersistentVolumeClaim.class);

    assertThat(statefulSet.getMetadata().getNamespace()).isEqualTo(claim.getMetadata().getNamespace());
    assertThat(statefulSet.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("crik.io/checkpoint-claim", claim.getMetadata().getName());
  }
}
