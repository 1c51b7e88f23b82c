package io.crik.runc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The capabilities this process holds, which bound what a container it starts can get. */
final class HostCapabilities {

    private static Set<String> boundingSet;

    private HostCapabilities() {
    }

    static synchronized Set<String> boundingSet() {
        if (boundingSet == null) {
            boundingSet = parse(readStatus());
        }
        return boundingSet;
    }

    /** Reads the bounding set ({@code CapBnd}, a hex bit mask) of a /proc/PID/status text. */
    static Set<String> parse(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("CapBnd:")) {
                long mask = Long.parseUnsignedLong(line.substring("CapBnd:".length()).strip(), 16);
                Set<String> names = new LinkedHashSet<>();
                for (int bit = 0; bit < OciConfig.ALL_CAPABILITIES.size(); bit++) {
                    if ((mask >> bit & 1) == 1) {
                        names.add(OciConfig.ALL_CAPABILITIES.get(bit));
                    }
                }
                return names;
            }
        }
        throw new IllegalStateException("no CapBnd line in /proc/self/status");
    }

    private static List<String> readStatus() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status", e);
        }
    }
}
