package io.crik.webhook.mutation;

import io.crik.webhook.image.ImageConfig;
import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes what Kubernetes runs in a container, and the wrapped command that runs the same.
 *
 * <p>Kubernetes uses {@code command} in place of the image's ENTRYPOINT, and {@code args} in place
 * of its CMD; the CMD applies only when neither {@code command} nor {@code args} is set. An empty
 * list counts as unset.
 */
final class ContainerCommand {

  private ContainerCommand() {}

  static boolean needsImageConfig(Container container) {
    return isEmpty(container.getCommand());
  }

  /**
   * Returns the wrapped command line. Strings copied from the image config have each {@code $}
   * doubled, because the kubelet expands {@code $(VAR)} in {@code command} and turns {@code $$}
   * into {@code $}; strings from the pod spec are kept as they are, so they expand as before.
   *
   * @param image the image config, or null when {@code command} is set and it is not needed
   */
  static List<String> wrapped(Container container, ImageConfig image) {
    List<String> wrapped = new ArrayList<>(WrapperLayout.RUN_PREFIX);
    wrapped.addAll(effective(container, image));
    return wrapped;
  }

  /** Returns what Kubernetes would run, with image strings escaped for the kubelet. */
  static List<String> effective(Container container, ImageConfig image) {
    List<String> command = container.getCommand();
    List<String> args = container.getArgs();
    List<String> effective = new ArrayList<>();

    if (!isEmpty(command)) {
      effective.addAll(command);
      if (!isEmpty(args)) {
        effective.addAll(args);
      }
      return effective;
    }

    effective.addAll(escape(image.entrypoint()));
    effective.addAll(isEmpty(args) ? escape(image.cmd()) : args);
    return effective;
  }

  static List<String> escape(List<String> values) {
    return values.stream().map(ContainerCommand::escape).toList();
  }

  static String escape(String value) {
    return value.replace("$", "$$");
  }

  private static boolean isEmpty(List<String> list) {
    return list == null || list.isEmpty();
  }
}
