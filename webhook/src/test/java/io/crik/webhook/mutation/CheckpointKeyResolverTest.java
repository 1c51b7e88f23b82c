package io.crik.webhook.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class CheckpointKeyResolverTest {

  private final CheckpointKeyResolver resolver = new CheckpointKeyResolver();

  @Test
  void statefulSetPodWithoutNameUsesLabel() {
    Pod pod = new PodBuilder().withNewMetadata().withGenerateName("db-")
        .addToLabels("statefulset.kubernetes.io/pod-name", "db-2")
        .addNewOwnerReference().withKind("StatefulSet").withName("db").withUid("u").withController(true)
        .endOwnerReference().endMetadata().build();

    assertThat(resolver.resolve(pod, "ns/db-*")).isEqualTo(new CheckpointKey.Derived("statefulset/db-2", java.util.List.of()));
  }

  @Test
  void jobWithoutUidHasNoKey() {
    Pod pod = new PodBuilder().withNewMetadata().withGenerateName("j-")
        .addToLabels("batch.kubernetes.io/job-name", "j").endMetadata().build();

    assertThat(resolver.resolve(pod, "ns/j-*")).isInstanceOf(CheckpointKey.Missing.class);
  }

  @Test
  void invalidCompletionIndexHasNoKey() {
    Pod pod = new PodBuilder().withNewMetadata().withGenerateName("j-")
        .addToAnnotations("batch.kubernetes.io/job-completion-index", "-1")
        .addNewOwnerReference().withKind("Job").withName("j").withUid("uid-1").withController(true)
        .endOwnerReference().endMetadata().build();

    CheckpointKey key = resolver.resolve(pod, "ns/j-*");

    assertThat(key).isInstanceOf(CheckpointKey.Missing.class);
    assertThat(((CheckpointKey.Missing) key).message()).contains("completion index \"-1\"");
  }

  @Test
  void annotatedKeyLimits() {
    assertThat(CheckpointKeyResolver.checkAnnotatedKey("team/app-1/run_2.x")).isEmpty();
    assertThat(CheckpointKeyResolver.checkAnnotatedKey("a".repeat(201))).hasValueSatisfying(message ->
        assertThat(message).contains("1 to 200 characters"));
    assertThat(CheckpointKeyResolver.checkAnnotatedKey("/absolute")).isPresent();
    assertThat(CheckpointKeyResolver.checkAnnotatedKey("a//b")).isPresent();
    assertThat(CheckpointKeyResolver.checkAnnotatedKey("a/./b")).isPresent();
    assertThat(CheckpointKeyResolver.checkAnnotatedKey(".hidden")).isPresent();
    assertThat(CheckpointKeyResolver.checkAnnotatedKey("a/")).isPresent();
    assertThat(CheckpointKeyResolver.checkAnnotatedKey("with space")).isPresent();
  }
}
