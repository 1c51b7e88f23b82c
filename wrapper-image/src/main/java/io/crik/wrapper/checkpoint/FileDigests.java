package io.crik.wrapper.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Sizes and CRC32C checksums of a checkpoint's files. CRC32C finds torn and corrupted files at
 * several GB/s; it does not protect against deliberate changes.
 */
public final class FileDigests {

    private FileDigests() {
    }

    /** Computes the digest of every regular file below {@code dir}, except the manifest itself. */
    public static Map<String, Manifest.FileDigest> compute(Path dir) throws IOException {
        Map<String, Manifest.FileDigest> digests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String relative = dir.relativize(file).toString();
                if (!relative.equals(Manifest.FILE_NAME)) {
                    digests.put(relative, digest(file));
                }
            }
        }
        return digests;
    }

    /** Returns every difference between the files below {@code dir} and the manifest; empty when they match. */
    public static List<String> verify(Path dir, Manifest manifest) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Manifest.FileDigest> expected : manifest.files().entrySet()) {
            Path file = dir.resolve(expected.getKey());
            if (!Files.isRegularFile(file)) {
                problems.add(expected.getKey() + " is missing");
                continue;
            }
            Manifest.FileDigest actual = digest(file);
            if (actual.size() != expected.getValue().size()) {
                problems.add(expected.getKey() + " has " + actual.size() + " bytes, expected " + expected.getValue().size());
            } else if (!actual.crc32c().equals(expected.getValue().crc32c())) {
                problems.add(expected.getKey() + " has CRC32C " + actual.crc32c() + ", expected " + expected.getValue().crc32c());
            }
        }
        if (manifest.files().isEmpty()) {
            problems.add("the manifest lists no files");
        }
        return problems;
    }

    static Manifest.FileDigest digest(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        long size = 0;
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                crc.update(buffer, 0, read);
                size += read;
            }
        }
        return new Manifest.FileDigest(size, String.format("%08x", crc.getValue()));
    }
}
