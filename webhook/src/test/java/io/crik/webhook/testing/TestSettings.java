package io.crik.webhook.testing;

import io.crik.webhook.mutation.MutationSettings;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.List;
import java.util.Set;

/** Mutation settings shared by the tests. */
public final class TestSettings {

  public static final String VERSION = "0.1.0-test";
  public static final String WRAPPER_IMAGE = "registry.example/crik/wrapper:0.1.0";
  public static final List<String> CAPABILITIES = List.of("SYS_ADMIN", "SYS_PTRACE", "NET_ADMIN", "SYS_TIME");
  public static final List<String> RUNTIME_DEFAULT_CAPABILITIES = List.of("SETPCAP", "SYS_CHROOT");

  private TestSettings() {}

  public static MutationSettings mutationSettings(String defaultClaim) {
    return new MutationSettings(
        VERSION,
        WRAPPER_IMAGE,
        "IfNotPresent",
        new ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity("10m"))
            .addToRequests("memory", new Quantity("32Mi"))
            .addToLimits("memory", new Quantity("128Mi"))
            .build(),
        defaultClaim,
        CAPABILITIES,
        RUNTIME_DEFAULT_CAPABILITIES,
        30,
        "http://crik-webhook.crik-system.svc:8080",
        "crik-system",
        Set.of("monitoring"));
  }

  public static MutationSettings mutationSettings() {
    return mutationSettings("");
  }
}
