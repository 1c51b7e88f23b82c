package io.crik.wrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment the app gets: the container's environment as the runtime gave it to the
 * launcher, in its order, with the variables that the launcher set aside put back under their
 * own names and the launcher's own variable removed.
 */
public final class AppEnvironment {

    /** Prefix under which the launcher keeps variables that would change the wrapper's JVM. */
    static final String SAVED_PREFIX = "CRIK_LAUNCHER_SAVED_";
    /** The only variable the launcher adds, for the wrapper's JVM alone. */
    static final String LAUNCHER_VARIABLE = "_JAVA_SR_SIGNUM";

    private final List<String> entries;

    private AppEnvironment(List<String> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads the environment from {@code /proc/self/environ}, which keeps order and bytes. */
    public static AppEnvironment current() throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc/self/environ"));
        List<String> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                if (i > start) {
                    entries.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return fromLauncher(entries);
    }

    /** Undoes what the launcher did to the environment. */
    static AppEnvironment fromLauncher(List<String> launcherEntries) {
        List<String> entries = new ArrayList<>();
        for (String entry : launcherEntries) {
            if (entry.startsWith(SAVED_PREFIX)) {
                entries.add(entry.substring(SAVED_PREFIX.length()));
            } else if (!entry.startsWith(LAUNCHER_VARIABLE + "=")) {
                entries.add(entry);
            }
        }
        return new AppEnvironment(entries);
    }

    /** Returns the entries in {@code NAME=value} form. */
    public List<String> entries() {
        return entries;
    }

    /** Returns the variables as a map; a name set twice keeps its last value, as getenv does not. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                map.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return map;
    }
}
