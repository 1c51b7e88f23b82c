package io.crik.webhook.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodPlatformTest {

  private static final Platform DEFAULT = Platform.parse("linux/amd64");

  @Test
  void noConstraintUsesDefault() {
    Pod pod = new PodBuilder().withNewSpec().endSpec().build();

    assertThat(PodPlatform.of(pod, DEFAULT)).isEqualTo(DEFAULT);
  }

  @Test
  void nodeSelectorArchitecture() {
    Pod pod = new PodBuilder().withNewSpec().withNodeSelector(Map.of("kubernetes.io/arch", "arm64")).endSpec().build();

    assertThat(PodPlatform.of(pod, DEFAULT)).isEqualTo(new Platform("linux", "arm64", ""));
  }

  @Test
  void requiredAffinityWithOneArchitecture() {
    Pod pod = podWithAffinity("arm64");

    assertThat(PodPlatform.of(pod, DEFAULT).architecture()).isEqualTo("arm64");
  }

  @Test
  void affinityWithTwoArchitecturesUsesDefault() {
    Pod pod = podWithAffinity("arm64", "amd64");

    assertThat(PodPlatform.of(pod, DEFAULT)).isEqualTo(DEFAULT);
  }

  @Test
  void variantMatching() {
    Platform arm64 = Platform.parse("linux/arm64");

    assertThat(arm64.accepts("linux", "arm64", "v8")).isTrue();
    assertThat(Platform.parse("linux/arm64/v8").accepts("linux", "arm64", "")).isTrue();
    assertThat(Platform.parse("linux/arm/v7").accepts("linux", "arm", "v6")).isFalse();
    assertThat(DEFAULT.accepts("windows", "amd64", "")).isFalse();
  }

  @Test
  void rejectsInvalidPlatform() {
    assertThatThrownBy(() -> Platform.parse("amd64"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid platform \"amd64\": use os/architecture[/variant]");
  }

  private static Pod podWithAffinity(String... architectures) {
    return new PodBuilder().withNewSpec()
        .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm().addNewMatchExpression()
        .withKey("kubernetes.io/arch").withOperator("In").withValues(architectures)
        .endMatchExpression().endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
        .endSpec().build();
  }
}
