package io.crik.webhook.mutation;

import static io.crik.webhook.mutation.WrapperLayout.*;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Builds the environment variables through which the wrapper learns about its pod. */
final class WrapperEnvironment {

  /** Per-pod values of the downward API that the wrapper reads. */
  private static final List<String[]> DOWNWARD_FIELDS = List.of(
      new String[] {ENV_NODE_NAME, "spec.nodeName"},
      new String[] {ENV_POD_NAME, "metadata.name"},
      new String[] {ENV_POD_NAMESPACE, "metadata.namespace"},
      new String[] {ENV_POD_UID, "metadata.uid"});

  /**
   * Values shared by every wrapped container of one pod.
   *
   * @param preservePaths empty when the pod has no {@code crik.io/preserve-paths}
   */
  record PodValues(String checkpointKey, CheckpointPolicy policy, Optional<String> preservePaths,
      String nodeStateUrl, long gracePeriodSeconds) {}

  private WrapperEnvironment() {}

  /**
   * Appends the wrapper's variables to the container's environment in place. A variable of the
   * same name that the container already sets is replaced, with a warning, because the values
   * describe the mounts the webhook made.
   */
  static Optional<String> apply(Container container, PodValues values) {
    List<EnvVar> wrapperVariables = variables(container, values);
    Set<String> wrapperNames = new LinkedHashSet<>();
    wrapperVariables.forEach(variable -> wrapperNames.add(variable.getName()));

    List<EnvVar> env = new ArrayList<>();
    List<String> replaced = new ArrayList<>();
    for (EnvVar variable : orEmpty(container.getEnv())) {
      if (wrapperNames.contains(variable.getName())) {
        replaced.add(variable.getName());
      } else {
        env.add(variable);
      }
    }
    env.addAll(wrapperVariables);
    container.setEnv(env);

    if (replaced.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("container \"" + container.getName() + "\": environment variable(s) " + String.join(", ", replaced)
        + " replaced by the values crik sets for its wrapper");
  }

  private static List<EnvVar> variables(Container container, PodValues values) {
    List<EnvVar> variables = new ArrayList<>();
    for (String[] field : DOWNWARD_FIELDS) {
      variables.add(new EnvVarBuilder().withName(field[0])
          .withNewValueFrom().withNewFieldRef().withApiVersion("v1").withFieldPath(field[1]).endFieldRef().endValueFrom()
          .build());
    }
    variables.add(literal(ENV_CONTAINER_NAME, container.getName()));
    variables.add(literal(ENV_IMAGE, container.getImage()));
    variables.add(literal(ENV_CHECKPOINT_KEY, values.checkpointKey()));
    variables.add(literal(ENV_CHECKPOINT_DIR, CHECKPOINT_PATH));
    variables.add(literal(ENV_CHECKPOINT_POLICY, values.policy().value()));
    values.preservePaths().ifPresent(paths -> variables.add(literal(ENV_PRESERVE_PATHS, paths)));
    variables.add(literal(ENV_NODE_STATE_URL, values.nodeStateUrl()));
    variables.add(literal(ENV_GRACE_PERIOD_SECONDS, Long.toString(values.gracePeriodSeconds())));
    variables.add(literal(ENV_FINGERPRINT_EXCLUDE_ENV, String.join(",", perPodVariables(container))));
    return variables;
  }

  /**
   * Returns the names of variables whose values differ between a pod and its replacement: every
   * downward API reference of the container and the wrapper's own.
   */
  static List<String> perPodVariables(Container container) {
    Set<String> names = new LinkedHashSet<>();
    for (EnvVar variable : orEmpty(container.getEnv())) {
      if (variable.getValueFrom() != null
          && (variable.getValueFrom().getFieldRef() != null || variable.getValueFrom().getResourceFieldRef() != null)) {
        names.add(variable.getName());
      }
    }
    DOWNWARD_FIELDS.forEach(field -> names.add(field[0]));
    return List.copyOf(names);
  }

  /** Creates a literal variable; {@code $} is doubled because the kubelet expands {@code $(VAR)} in values. */
  private static EnvVar literal(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(ContainerCommand.escape(value)).build();
  }

  private static List<EnvVar> orEmpty(List<EnvVar> env) {
    return env == null ? List.of() : env;
  }
}
