package io.crik.e2e;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the wrapper's own log lines from a container's stderr: its checkpoint and restore reports. */
public final class WrapperLog {

    private static final Pattern CHECKPOINTED = Pattern.compile(
            "crik: info: checkpointed key=\\S+ checkpoint=(\\S+) pid=\\d+ size=(\\d+) bytes dump=(\\d+) ms total=(\\d+) ms.*");
    private static final Pattern RESTORED = Pattern.compile(
            "crik: info: restored key=\\S+ checkpoint=(\\S+) pid=\\d+ restore=\\S+ size=(\\d+) bytes criu=(\\d+) ms total=(\\d+) ms.*");

    /**
     * A checkpoint or restore as the wrapper reported it.
     *
     * @param checkpoint the checkpoint's generation, such as 000001
     * @param bytes the size of the checkpoint's files
     * @param criuMillis time spent in {@code criu dump} or {@code criu restore}
     * @param totalMillis the whole checkpoint or restore, with checksums and file syncs
     */
    public record Report(String checkpoint, long bytes, long criuMillis, long totalMillis) {
    }

    private WrapperLog() {
    }

    public static Optional<Report> checkpointed(List<String> stderr) {
        return find(CHECKPOINTED, stderr);
    }

    public static Optional<Report> restored(List<String> stderr) {
        return find(RESTORED, stderr);
    }

    private static Optional<Report> find(Pattern pattern, List<String> lines) {
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.matches()) {
                return Optional.of(new Report(matcher.group(1), Long.parseLong(matcher.group(2)),
                        Long.parseLong(matcher.group(3)), Long.parseLong(matcher.group(4))));
            }
        }
        return Optional.empty();
    }
}
