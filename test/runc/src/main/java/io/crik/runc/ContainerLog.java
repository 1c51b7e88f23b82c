package io.crik.runc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One output stream of a container, collected line by line like {@code kubectl logs}: kept in
 * memory for assertions and appended to a file for people.
 */
public final class ContainerLog {

    private final String name;
    private final Path file;
    private final List<String> lines = new ArrayList<>();
    private boolean closed;

    ContainerLog(String name, Path file) {
        this.name = name;
        this.file = file;
    }

    /** Starts a daemon thread that reads the stream until its end. */
    void follow(InputStream stream) {
        Thread reader = new Thread(() -> read(stream), "log-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(InputStream stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                append(line);
            }
        } catch (IOException e) {
            append("[log reader failed: " + e.getMessage() + "]");
        } finally {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
        }
    }

    private void append(String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write container log " + file, e);
        }
        synchronized (this) {
            lines.add(line);
            notifyAll();
        }
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized String text() {
        return String.join("\n", lines);
    }

    public Path file() {
        return file;
    }

    /**
     * Waits until a line matches, and returns it.
     *
     * @throws AssertionError when the stream ends or the timeout passes first, with the log so far
     */
    public synchronized String awaitLine(Predicate<String> matcher, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (matcher.test(lines.get(checked))) {
                    return lines.get(checked);
                }
            }
            long left = deadline - System.nanoTime();
            if (closed || left <= 0) {
                throw new AssertionError("no matching line in " + name + " after " + timeout
                        + (closed ? " (stream ended)" : "") + "; log so far:\n" + String.join("\n", lines));
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + name, e);
            }
        }
    }

    /** Waits until the stream ends, which happens when every process holding it has exited. */
    public synchronized boolean awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
