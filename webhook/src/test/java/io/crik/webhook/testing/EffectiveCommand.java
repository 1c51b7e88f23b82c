package io.crik.webhook.testing;

import io.crik.webhook.image.ImageConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a container's process receives as argv: Kubernetes' choice between command, args and the
 * image's ENTRYPOINT and CMD, then the kubelet's variable expansion. Written independently of the
 * webhook's own code so that the tests check it rather than repeat it.
 */
public final class EffectiveCommand {

  private EffectiveCommand() {}

  public static List<String> of(Container container, ImageConfig image) {
    boolean hasCommand = container.getCommand() != null && !container.getCommand().isEmpty();
    boolean hasArgs = container.getArgs() != null && !container.getArgs().isEmpty();
    Map<String, String> env = environment(container);

    List<String> argv = new ArrayList<>();
    if (hasCommand) {
      argv.addAll(KubeletExpansion.expand(container.getCommand(), env));
    } else {
      argv.addAll(image.entrypoint());
    }
    if (hasArgs) {
      argv.addAll(KubeletExpansion.expand(container.getArgs(), env));
    } else if (!hasCommand) {
      argv.addAll(image.cmd());
    }
    return argv;
  }

  /** Literal variables in order, each expanded with the ones before it, as the kubelet does. */
  private static Map<String, String> environment(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    if (container.getEnv() == null) {
      return env;
    }
    for (EnvVar variable : container.getEnv()) {
      if (variable.getValueFrom() == null) {
        String value = variable.getValue() == null ? "" : variable.getValue();
        env.put(variable.getName(), KubeletExpansion.expand(value, env));
      }
    }
    return env;
  }
}
