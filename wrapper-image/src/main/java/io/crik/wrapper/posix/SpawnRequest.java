package io.crik.wrapper.posix;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A program to start with {@code posix_spawn}. The child gets stdin from {@code /dev/null},
 * only fds 0 to 2, default dispositions and an empty signal mask.
 *
 * @param argv the program and its arguments; the program is an absolute path or found in {@code PATH}
 * @param environment entries in {@code NAME=value} form
 * @param newSession whether the child starts its own session and process group
 * @param stdout file that receives stdout and stderr, or null to inherit the wrapper's
 */
public record SpawnRequest(List<String> argv, List<String> environment, boolean newSession, Path stdout) {

    public SpawnRequest {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no program to start");
        }
        argv = List.copyOf(argv);
        environment = List.copyOf(environment);
    }

    public static SpawnRequest of(List<String> argv, List<String> environment) {
        return new SpawnRequest(argv, environment, false, null);
    }

    public SpawnRequest inNewSession() {
        return new SpawnRequest(argv, environment, true, stdout);
    }

    public SpawnRequest withOutputTo(Path file) {
        return new SpawnRequest(argv, environment, newSession, Objects.requireNonNull(file));
    }
}
