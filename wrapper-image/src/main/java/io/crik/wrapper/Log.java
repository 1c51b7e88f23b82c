package io.crik.wrapper;

import java.io.PrintStream;

/**
 * The wrapper's log: one line per event on stderr, which the container runtime collects next
 * to the app's own output. Every line starts with {@code crik:}, which sets it apart from the app's lines.
 */
public final class Log {

    private static final PrintStream OUT = System.err;
    private static volatile boolean debug = System.getenv("CRIK_DEBUG") != null;

    private Log() {
    }

    public static void info(String format, Object... args) {
        write("info", format, args);
    }

    public static void warn(String format, Object... args) {
        write("warn", format, args);
    }

    public static void error(String format, Object... args) {
        write("error", format, args);
    }

    public static void debug(String format, Object... args) {
        if (debug) {
            write("debug", format, args);
        }
    }

    private static void write(String level, String format, Object... args) {
        String message = args.length == 0 ? format : String.format(format, args);
        synchronized (OUT) {
            OUT.println("crik: " + level + ": " + message);
            OUT.flush();
        }
    }
}
