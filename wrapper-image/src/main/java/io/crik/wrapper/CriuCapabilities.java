package io.crik.wrapper;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The capabilities CRIU needs in the wrapper's container, as measured with CRIU 4.2.1 in runc
 * containers on Linux 6.18, and a check of the wrapper's effective set against them. A missing
 * one does not stop the app: the dump or the restore fails later, with CRIU's error.
 */
final class CriuCapabilities {

    /** A capability by its Kubernetes name and bit number, and the step that fails without it. */
    record Needed(String name, int bit, String step) {
    }

    static final List<Needed> ALWAYS = List.of(
            new Needed("SYS_ADMIN", 21, "dump"),
            new Needed("NET_ADMIN", 12, "restore"),
            new Needed("SYS_TIME", 25, "restore"),
            new Needed("SETPCAP", 8, "restore"),
            new Needed("SYS_CHROOT", 18, "restore"));

    /**
     * Not needed under no_new_privs: CRIU then only warns that it cannot trim the restored task's
     * bounding set, which no_new_privs already limits.
     */
    static final String SETPCAP = "SETPCAP";

    /**
     * Needed only under Yama's ptrace_scope 1 or higher, where a process without it may attach
     * only to its descendants, and CRIU is the app's sibling.
     */
    static final Needed SYS_PTRACE = new Needed("SYS_PTRACE", 19, "dump");

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path PTRACE_SCOPE = Path.of("/proc/sys/kernel/yama/ptrace_scope");

    private CriuCapabilities() {
    }

    /** Logs a warning when the wrapper's effective capabilities lack one that CRIU needs. */
    static void warnIfMissing() {
        try {
            List<String> status = Files.readAllLines(STATUS);
            List<Needed> missing = missing(effectiveMask(status), yamaRestrictsPtrace(), noNewPrivileges(status));
            if (!missing.isEmpty()) {
                Log.warn("%s", warning(missing));
            }
        } catch (IOException | IllegalArgumentException e) {
            Log.warn("could not read the effective capabilities from %s (%s); a checkpoint may fail if CRIU lacks"
                    + " one it needs", STATUS, e.getMessage());
        }
    }

    /** Returns the hexadecimal CapEff mask from the lines of /proc/PID/status. */
    static String effectiveMask(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("CapEff:")) {
                return line.substring("CapEff:".length()).strip();
            }
        }
        throw new IllegalArgumentException("no CapEff line");
    }

    /** Returns whether the lines of /proc/PID/status show no_new_privs, as allowPrivilegeEscalation: false sets. */
    static boolean noNewPrivileges(List<String> statusLines) {
        return statusLines.stream().anyMatch(line -> line.startsWith("NoNewPrivs:")
                && line.substring("NoNewPrivs:".length()).strip().equals("1"));
    }

    /** Returns the needed capabilities that the hexadecimal mask lacks, in the order of {@link #ALWAYS}. */
    static List<Needed> missing(String effectiveMask, boolean yamaRestrictsPtrace, boolean noNewPrivileges) {
        BigInteger mask = new BigInteger(effectiveMask, 16);
        List<Needed> needed = new ArrayList<>(ALWAYS);
        if (noNewPrivileges) {
            needed.removeIf(capability -> capability.name().equals(SETPCAP));
        }
        if (yamaRestrictsPtrace) {
            needed.add(SYS_PTRACE);
        }
        return needed.stream().filter(capability -> !mask.testBit(capability.bit())).toList();
    }

    static String warning(List<Needed> missing) {
        List<String> parts = new ArrayList<>();
        for (Needed capability : missing) {
            parts.add(capability.name() + " (" + capability.step() + ")");
        }
        return "the container lacks capabilities that CRIU needs: " + String.join(", ", parts)
                + "; without one, the step in brackets fails (a failed dump leaves the app running, a failed"
                + " restore starts it fresh by default). Add them to the container's"
                + " securityContext.capabilities.add (the crik webhook adds them to the pods it injects)";
    }

    private static boolean yamaRestrictsPtrace() {
        try {
            return Integer.parseInt(Files.readString(PTRACE_SCOPE).strip()) >= 1;
        } catch (IOException | NumberFormatException e) {
            // No Yama on this kernel: ptrace follows the plain same-user rules.
            return false;
        }
    }
}
