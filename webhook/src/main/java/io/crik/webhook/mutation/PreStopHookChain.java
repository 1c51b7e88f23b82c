package io.crik.webhook.mutation;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ExecActionBuilder;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.LifecycleHandlerBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts the wrapper's {@code checkpoint} into a container's preStop hook without dropping the
 * user's own hook. An exec hook runs after {@code --}, and the wrapper runs it when it decides not
 * to checkpoint; an httpGet, tcpSocket or sleep hook stays, and the wrapper's SIGTERM handling
 * then triggers the checkpoint.
 */
final class PreStopHookChain {

  private PreStopHookChain() {}

  /** Changes the container's preStop hook in place and returns a warning when it kept the user's hook. */
  static Optional<String> apply(Container container) {
    Lifecycle lifecycle = container.getLifecycle();
    if (lifecycle == null) {
      lifecycle = new Lifecycle();
      container.setLifecycle(lifecycle);
    }
    LifecycleHandler preStop = lifecycle.getPreStop();

    if (preStop == null) {
      lifecycle.setPreStop(execHook(WrapperLayout.CHECKPOINT_COMMAND));
      return Optional.empty();
    }
    if (preStop.getExec() != null && preStop.getExec().getCommand() != null
        && !preStop.getExec().getCommand().isEmpty()) {
      List<String> chained = new ArrayList<>(WrapperLayout.CHECKPOINT_COMMAND);
      chained.add("--");
      chained.addAll(preStop.getExec().getCommand());
      preStop.getExec().setCommand(chained);
      return Optional.empty();
    }
    return Optional.of("container \"" + container.getName() + "\": its " + kind(preStop)
        + " preStop hook is kept, and the checkpoint starts on SIGTERM after it; use an exec hook to have "
        + "the wrapper run it and checkpoint before the kubelet's SIGTERM");
  }

  private static LifecycleHandler execHook(List<String> command) {
    return new LifecycleHandlerBuilder().withExec(new ExecActionBuilder().withCommand(command).build()).build();
  }

  private static String kind(LifecycleHandler handler) {
    if (handler.getHttpGet() != null) {
      return "httpGet";
    }
    if (handler.getTcpSocket() != null) {
      return "tcpSocket";
    }
    if (handler.getSleep() != null) {
      return "sleep";
    }
    return "empty";
  }
}
