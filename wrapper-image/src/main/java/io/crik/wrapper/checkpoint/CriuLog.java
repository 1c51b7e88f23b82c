package io.crik.wrapper.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the error lines of a CRIU log for messages. */
public final class CriuLog {

    /** Errors that CRIU logs on every run in a container, unrelated to the failure. */
    private static final List<String> HARMLESS = List.of("tun: Unable to create tun", "Can't setup RLIMIT_NOFILE");
    private static final int MAX_LINES = 4;

    private CriuLog() {
    }

    /** Returns the last few meaningful error lines of the log, joined, or "" when there are none. */
    public static String errors(Path log) {
        List<String> errors = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log)) {
                if (line.contains("Error (") && HARMLESS.stream().noneMatch(line::contains)) {
                    errors.add(line.substring(line.indexOf("Error (")).strip());
                }
            }
        } catch (IOException e) {
            return "";
        }
        List<String> last = errors.subList(Math.max(0, errors.size() - MAX_LINES), errors.size());
        return String.join(" | ", last);
    }

    /** Returns the last few non-empty lines of CRIU's own output, joined. */
    public static String lastLines(String output) {
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - MAX_LINES), lines.size()));
    }
}
