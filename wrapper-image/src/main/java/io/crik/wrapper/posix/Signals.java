package io.crik.wrapper.posix;

import java.util.List;
import java.util.Map;

/** Linux x86-64 signal numbers and the set that the wrapper receives through its signalfd. */
public final class Signals {

    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGUSR2 = 12;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;

    /** Signals that the wrapper forwards to the app; SIGTERM first starts a checkpoint request. */
    public static final List<Integer> FORWARDED = List.of(SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2);

    /** Every signal the launcher blocks before it starts the JVM. */
    public static final List<Integer> RECEIVED = List.of(SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGCHLD);

    private static final Map<Integer, String> NAMES = Map.of(SIGHUP, "SIGHUP", SIGINT, "SIGINT", SIGQUIT, "SIGQUIT",
            SIGKILL, "SIGKILL", SIGUSR1, "SIGUSR1", SIGUSR2, "SIGUSR2", SIGTERM, "SIGTERM", SIGCHLD, "SIGCHLD");

    private Signals() {
    }

    public static String name(int signal) {
        return NAMES.getOrDefault(signal, "signal " + signal);
    }
}
