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
    /** Salt of the per-variable digests; manifests written before these digests existed lack it. */
    public static final String ENVIRONMENT_SALT = "environment.salt";

    private static final String COMMAND_PREFIX = "command.";
    private static final String ENV_NAMES = "environment.names";
    private static final String ENV_DIGEST_PREFIX = "environment.digest.";
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
                // Kept as written: Properties.store leaves trailing spaces of a value unescaped, so
                // stripping the line would change a value such as a command argument that ends in one.
                withoutDate.append(line).append('\n');
            }
        }
        return withoutDate.toString();
    }

    /**
     * Returns whether the manifest contains {@code key}. {@link #get} returns "" for a missing key
     * and an empty value alike.
     */
    public boolean has(String key) {
        return values.containsKey(key);
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

    /** Returns the names of the fingerprint's variables, or empty when the manifest does not record them. */
    public Optional<Set<String>> environmentNames() {
        if (!values.containsKey(ENV_NAMES)) {
            return Optional.empty();
        }
        Set<String> names = new TreeSet<>();
        for (String name : values.get(ENV_NAMES).split(",")) {
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return Optional.of(names);
    }

    /** Returns the salt of {@link #environmentDigests()}, or empty for a manifest without per-variable digests. */
    public Optional<String> environmentSalt() {
        return Optional.ofNullable(values.get(ENVIRONMENT_SALT)).filter(salt -> !salt.isEmpty());
    }

    /** Returns the per-variable digests of the fingerprint's environment by name (see {@link Fingerprint#environmentDigests}). */
    public Map<String, String> environmentDigests() {
        Map<String, String> digests = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(ENV_DIGEST_PREFIX)) {
                digests.put(key.substring(ENV_DIGEST_PREFIX.length()), value);
            }
        });
        return digests;
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

        /** Adds the digest per variable and its salt; the values themselves are never stored. */
        public Builder environmentDigests(String salt, Map<String, String> digests) {
            values.put(ENVIRONMENT_SALT, salt);
            digests.forEach((name, digest) -> values.put(ENV_DIGEST_PREFIX + name, digest));
            return this;
        }

        /**
         * Adds the fingerprint: its digest, image, working directory, command, variable names and
         * per-variable digests with {@code salt}, so that a restore can name what differs.
         */
        public Builder fingerprint(Fingerprint fingerprint, String salt) {
            put(FINGERPRINT, fingerprint.digest());
            put(IMAGE, fingerprint.image());
            put(WORKING_DIR, fingerprint.workingDir());
            command(fingerprint.command());
            environmentNames(fingerprint.environment().keySet());
            return environmentDigests(salt, fingerprint.environmentDigests(salt));
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
