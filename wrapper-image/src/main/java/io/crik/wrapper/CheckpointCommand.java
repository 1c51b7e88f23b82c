package io.crik.wrapper;

import io.crik.wrapper.control.ControlClient;
import io.crik.wrapper.control.ControlProtocol;
import io.crik.wrapper.posix.Posix;
import io.crik.wrapper.posix.SpawnRequest;
import java.io.IOException;
import java.util.List;

/**
 * {@code crik checkpoint [-- CMD...]}, the container's preStop hook. Exits with 0 when the
 * checkpoint is published or the policy skipped it, and 1 when it failed. When PID 1 does not
 * checkpoint, the user's own preStop hook CMD runs, because the app is about to get SIGTERM.
 */
final class CheckpointCommand {

    private CheckpointCommand() {
    }

    static int run(List<String> args) throws IOException, InterruptedException {
        List<String> userHook = args.isEmpty() ? List.of() : Main.afterDashes(args, "checkpoint");
        AppEnvironment environment = AppEnvironment.current();
        WrapperConfig config = WrapperConfig.from(environment.asMap());

        String result;
        try {
            result = ControlClient.checkpoint(config.controlSocket(), System.out);
        } catch (IOException e) {
            Log.error("cannot reach the wrapper through %s: %s; check that the container runs 'crik run' with"
                    + " CRIK_CONTAINER_NAME=%s", config.controlSocket(), e.getMessage(), config.containerName());
            runUserHook(userHook, environment);
            return 1;
        }
        if (result.equals(ControlProtocol.DONE)) {
            return 0;
        }
        int hookStatus = runUserHook(userHook, environment);
        if (result.equals(ControlProtocol.SKIPPED)) {
            return hookStatus;
        }
        return 1;
    }

    private static int runUserHook(List<String> hook, AppEnvironment environment) throws IOException {
        if (hook.isEmpty()) {
            return 0;
        }
        int status = Posix.runAndWait(SpawnRequest.of(hook, environment.entries()));
        if (status != 0) {
            Log.warn("the preStop hook %s exited with status %d", hook, status);
        }
        return status;
    }
}
