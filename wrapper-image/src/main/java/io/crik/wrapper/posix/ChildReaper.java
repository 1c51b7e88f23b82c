package io.crik.wrapper.posix;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

/**
 * The one place that calls {@code waitpid}: a thread that reads the wrapper's signalfd, reaps
 * every ended child and orphan on SIGCHLD, and hands every other signal to a handler. Spawning
 * goes through here too, so that a child that ends at once is never reaped before its PID is
 * known.
 */
public final class ChildReaper {

    /** Exits without a waiting future yet, because the app restored by CRIU can end before its PID is read. */
    private static final int MAX_UNCLAIMED = 256;

    private final Map<Integer, CompletableFuture<ChildExit>> waiting = new HashMap<>();
    private final Map<Integer, ChildExit> unclaimed = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, ChildExit> eldest) {
            return size() > MAX_UNCLAIMED;
        }
    };
    private final int signalFd;
    private final IntConsumer signalHandler;

    private ChildReaper(int signalFd, IntConsumer signalHandler) {
        this.signalFd = signalFd;
        this.signalHandler = signalHandler;
    }

    /**
     * Starts the reaper thread. The launcher must have blocked {@link Signals#RECEIVED} before
     * the JVM started, so that no JVM thread takes them.
     */
    public static ChildReaper start(IntConsumer signalHandler) {
        if (!Posix.blocksAll(Signals.RECEIVED)) {
            throw new IllegalStateException("the forwarded signals are not blocked; start crik through /crik/bin/crik");
        }
        ChildReaper reaper = new ChildReaper(Posix.openSignalFd(Signals.RECEIVED), signalHandler);
        Thread thread = new Thread(reaper::run, "crik-reaper");
        thread.setDaemon(true);
        thread.start();
        return reaper;
    }

    /** Starts a program and returns its PID and a future that completes when it ends. */
    public Child spawn(SpawnRequest request) throws IOException {
        synchronized (this) {
            int pid = Posix.spawn(request);
            // An exit recorded under this PID belongs to an earlier process, because the new one
            // cannot have been reaped while this lock is held.
            unclaimed.remove(pid);
            return new Child(pid, exitOf(pid));
        }
    }

    /**
     * Forgets the exits without a waiting future. A restore calls it first, because CRIU may
     * restore processes at PIDs that earlier processes, such as those of a failed restore, had.
     */
    public synchronized void forgetUnclaimed() {
        unclaimed.clear();
    }

    /**
     * Returns a future that completes when the child {@code pid} ends, or has already ended.
     * Ask once per process: the future is handed out and then forgotten.
     */
    public synchronized CompletableFuture<ChildExit> exitOf(int pid) {
        ChildExit done = unclaimed.remove(pid);
        if (done != null) {
            return CompletableFuture.completedFuture(done);
        }
        return waiting.computeIfAbsent(pid, key -> new CompletableFuture<>());
    }

    private void run() {
        while (true) {
            int signal = Posix.readSignal(signalFd);
            if (signal == Signals.SIGCHLD) {
                reapAll();
            } else {
                signalHandler.accept(signal);
            }
        }
    }

    private synchronized void reapAll() {
        while (true) {
            var ended = Posix.reapOne();
            if (ended.isEmpty()) {
                return;
            }
            ChildExit exit = ended.get();
            CompletableFuture<ChildExit> future = waiting.remove(exit.pid());
            if (future != null) {
                future.complete(exit);
            } else {
                unclaimed.put(exit.pid(), exit);
            }
        }
    }

    /** A started child. */
    public record Child(int pid, CompletableFuture<ChildExit> exit) {
    }
}
