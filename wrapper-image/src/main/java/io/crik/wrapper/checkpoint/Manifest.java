package io.crik.wrapper.checkpoint;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A checkpoint's {@code manifest.properties}: what was dumped, from which container, and the
 * size and CRC32C of every file, in Java properties format with sorted keys. A checkpoint
 * without a readable manifest of this format is incomplete and never restored.
 */
public final class Manifest {

    public static final String FILE_NAME = "manifest.properties";
    public static final int FORMAT = 1;

    public static final String FORMAT_KEY = "format";
    public static final String FINGERPRINT = "fingerprint";
    public static final String GENERATION = "generation";
    public static final String CREATED = "created";
    public static final String KEY = "checkpoint.key";
    public static final String CONTAINER = "container";
    public static final String POD = "pod";
    public static final String NODE = "node";
    public static final String IMAGE = "image";
    public static final String WORKING_DIR = "working.dir";
    public static final String CRIU_VERSION = "criu.version";
    public static final String APP_PID = "app.pid";
    public static final String APP_TASKS = "app.tasks";
    public static final String STDOUT = "stdio.stdout";
    public static final String STDERR = "stdio.stderr";
    public static final String DUMP_MILLIS = "dump.millis";
    public static final String TOTAL_BYTES = "total.bytes";

    private static final String COMMAND_PREFIX = "command.";
    private static final String ENV_NAMES = "environment.names";
    private static final String FILE_PREFIX = "file.";
    private static final String SIZE_SUFFIX = ".size";
    private static final String CRC_SUFFIX = ".crc32c";
    private static final String SOCKET_PREFIX = "unix.socket.";
    private static final String PRESERVED_PREFIX = "preserved.";
    private static final String STATS_PREFIX = "criu.stats.";

    private final Map<String, String> values;

    private Manifest(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads a manifest; fails when it is missing, unreadable or of another format. */
    public static Manifest read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> values = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            values.put(name, properties.getProperty(name));
        }
        String format = values.get(FORMAT_KEY);
        if (!Integer.toString(FORMAT).equals(format)) {
            throw new IOException(file + " has format " + format + ", but this crik reads format " + FORMAT);
        }
        for (String required : List.of(FINGERPRINT, GENERATION, APP_PID)) {
            if (!values.containsKey(required)) {
                throw new IOException(file + " has no " + required);
            }
        }
        return new Manifest(values);
    }

    /** Returns the manifest text: sorted keys, no time stamp comment, so equal manifests are equal files. */
    public String render() {
        Properties sorted = new Properties() {
            @Override
            public synchronized Enumeration<Object> keys() {
                return Collections.enumeration(new TreeSet<Object>(super.keySet()));
            }

            @Override
            public Set<Map.Entry<Object, Object>> entrySet() {
                Map<Object, Object> ordered = new TreeMap<>();
                for (Map.Entry<Object, Object> entry : super.entrySet()) {
                    ordered.put(entry.getKey(), entry.getValue());
                }
                return Collections.unmodifiableSet(new LinkedHashMap<>(ordered).entrySet());
            }
        };
        sorted.putAll(values);
        StringWriter text = new StringWriter();
        try {
            sorted.store(text, "crik checkpoint manifest");
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string failed", e);
        }
        StringBuilder withoutDate = new StringBuilder();
        for (String line : text.toString().split("\n")) {
            if (!line.startsWith("#") || line.startsWith("#crik")) {
                withoutDate.append(line.strip()).append('\n');
            }
        }
        return withoutDate.toString();
    }

    public String get(String key) {
        return values.getOrDefault(key, "");
    }

    public Map<String, String> values() {
        return values;
    }

    public String fingerprint() {
        return get(FINGERPRINT);
    }

    public long generation() {
        return Long.parseLong(get(GENERATION));
    }

    /** Returns the size of all files of the checkpoint, or 0 when the manifest lacks it. */
    public long totalBytes() {
        String total = get(TOTAL_BYTES);
        return total.isEmpty() ? 0 : Long.parseLong(total);
    }

    public int appPid() {
        return Integer.parseInt(get(APP_PID));
    }

    public List<String> command() {
        List<String> command = new ArrayList<>();
        for (int i = 0; values.containsKey(COMMAND_PREFIX + i); i++) {
            command.add(values.get(COMMAND_PREFIX + i));
        }
        return command;
    }

    /** Returns each file below the checkpoint directory, by relative path, with its size and CRC32C. */
    public Map<String, FileDigest> files() {
        Map<String, FileDigest> files = new TreeMap<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(FILE_PREFIX) && key.endsWith(SIZE_SUFFIX)) {
                String path = key.substring(FILE_PREFIX.length(), key.length() - SIZE_SUFFIX.length());
                files.put(path, new FileDigest(Long.parseLong(entry.getValue()),
                        values.getOrDefault(FILE_PREFIX + path + CRC_SUFFIX, "")));
            }
        }
        return files;
    }

    public List<String> unixSockets() {
        return indexed(SOCKET_PREFIX);
    }

    public List<String> preservedPaths() {
        return indexed(PRESERVED_PREFIX);
    }

    /** Returns a stdio target recorded at dump time, such as {@code pipe:[1234]}. */
    public Optional<String> stdio(String key) {
        String value = get(key);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public Map<String, String> criuStats() {
        Map<String, String> stats = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(STATS_PREFIX)) {
                stats.put(key.substring(STATS_PREFIX.length()), value);
            }
        });
        return stats;
    }

    private List<String> indexed(String prefix) {
        List<String> items = new ArrayList<>();
        for (int i = 0; values.containsKey(prefix + i); i++) {
            items.add(values.get(prefix + i));
        }
        return items;
    }

    /** Size and CRC32C (hex) of one file. */
    public record FileDigest(long size, String crc32c) {
    }

    /** Collects the values of a new manifest. */
    public static final class Builder {
        private final Map<String, String> values = new TreeMap<>();

        private Builder() {
            values.put(FORMAT_KEY, Integer.toString(FORMAT));
        }

        public Builder put(String key, Object value) {
            values.put(key, String.valueOf(value));
            return this;
        }

        public Builder command(List<String> command) {
            for (int i = 0; i < command.size(); i++) {
                values.put(COMMAND_PREFIX + i, command.get(i));
            }
            return this;
        }

        public Builder environmentNames(Set<String> names) {
            values.put(ENV_NAMES, String.join(",", new TreeSet<>(names)));
            return this;
        }

        public Builder file(String relativePath, FileDigest digest) {
            values.put(FILE_PREFIX + relativePath + SIZE_SUFFIX, Long.toString(digest.size()));
            values.put(FILE_PREFIX + relativePath + CRC_SUFFIX, digest.crc32c());
            return this;
        }

        public Builder unixSockets(List<String> paths) {
            return indexed(SOCKET_PREFIX, paths);
        }

        public Builder preservedPaths(List<String> paths) {
            return indexed(PRESERVED_PREFIX, paths);
        }

        public Builder criuStats(Map<String, String> stats) {
            stats.forEach((name, value) -> values.put(STATS_PREFIX + name, value));
            return this;
        }

        private Builder indexed(String prefix, List<String> items) {
            for (int i = 0; i < items.size(); i++) {
                values.put(prefix + i, items.get(i));
            }
            return this;
        }

        public Manifest build() {
            return new Manifest(values);
        }
    }
}
