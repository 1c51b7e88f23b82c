package io.crik.wrapper;

import io.crik.wrapper.checkpoint.AppProcesses;
import io.crik.wrapper.checkpoint.CheckpointStore;
import io.crik.wrapper.checkpoint.Checkpointer;
import io.crik.wrapper.checkpoint.Criu;
import io.crik.wrapper.checkpoint.CriuCommand;
import io.crik.wrapper.checkpoint.Fingerprint;
import io.crik.wrapper.checkpoint.Manifest;
import io.crik.wrapper.checkpoint.Restorer;
import io.crik.wrapper.control.ControlProtocol;
import io.crik.wrapper.control.ControlServer;
import io.crik.wrapper.control.CheckpointReplies;
import io.crik.wrapper.node.NodeStateQuery;
import io.crik.wrapper.node.NodeStateReport;
import io.crik.wrapper.posix.ChildExit;
import io.crik.wrapper.posix.ChildReaper;
import io.crik.wrapper.posix.PidCounter;
import io.crik.wrapper.posix.Posix;
import io.crik.wrapper.posix.Signals;
import io.crik.wrapper.posix.SpawnRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code crik run}: PID 1 of the container. Restores the app or starts it, then handles one
 * event at a time: forwarded signals, checkpoint requests (from the control channel or
 * SIGTERM) and the app's exit.
 */
final class Supervisor {

    private static final Path PROC = Path.of("/proc");

    /** How long PID 1 waits for {@code crik checkpoint} to read the result before it exits. */
    private static final long CLIENT_LINGER_MILLIS = 2000;
    /** How long after a failed dump the app's death still counts as caused by the dump. */
    private static final long DUMP_AFTERMATH_MILLIS = 1000;

    private sealed interface Event permits SignalReceived, AppExited, CheckpointRequested {
    }

    private record SignalReceived(int signal) implements Event {
    }

    private record AppExited(ChildExit exit) implements Event {
    }

    private record CheckpointRequested(CheckpointReplies replies) implements Event {
    }

    private final WrapperConfig config;
    private final AppEnvironment environment;
    private final List<String> command;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CheckpointStore store;
    private final AppProcesses processes = new AppProcesses(PROC);
    private final NodeStateQuery nodeStateQuery;

    private ChildReaper reaper;
    private Criu criu;
    private int appPid;
    private CompletableFuture<ChildExit> appExit;
    /** CRIU's version for manifests, read once at the first checkpoint. */
    private String criuVersion;
    private long appStarted;
    /** Whether a checkpoint request ended without a checkpoint, so that SIGTERM is forwarded from then on. */
    private boolean checkpointAnswered;
    /** Set when a dump ended the app, so that its exit keeps the checkpoints. */
    private boolean appEndedByDump;

    Supervisor(WrapperConfig config, AppEnvironment environment, List<String> command) {
        this.config = config;
        this.environment = environment;
        this.command = List.copyOf(command);
        this.store = new CheckpointStore(config.checkpointDir());
        this.nodeStateQuery = config.nodeStateQuery();
    }

    int run() throws IOException, InterruptedException {
        if (Posix.pid() != 1) {
            Posix.becomeChildSubreaper();
        }
        reaper = ChildReaper.start(signal -> events.add(new SignalReceived(signal)));
        TmpDir.ensureWritable();
        CriuCapabilities.warnIfMissing();
        criu = new Criu(reaper, new CriuCommand(WrapperConfig.BUNDLE.resolve("bin/criu")),
                List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin"));
        startControlChannel();
        config.checkpointKeyFallback(environment.asMap()).ifPresent(note -> Log.info("%s", note));

        Fingerprint fingerprint = Fingerprint.of(config.image(), command, workingDir(), environment.asMap(),
                config.fingerprintExcludeEnv());
        if (!restore(fingerprint)) {
            start();
        }
        appExit.thenAccept(exit -> events.add(new AppExited(exit)));
        return loop(fingerprint);
    }

    private boolean restore(Fingerprint fingerprint) throws IOException {
        Restorer restorer = new Restorer(store, criu, config.maxRestores());
        PidCounter counter = pidCounter();
        try {
            var restored = restorer.restore(fingerprint);
            if (restored.isEmpty()) {
                return false;
            }
            var app = restored.get();
            appPid = app.pid();
            appExit = reaper.exitOf(appPid);
            appStarted = System.nanoTime();
            String moved = counter.advanceTo(counter.highestTaskId() + 1);
            Log.info("restored key=%s checkpoint=%s pid=%d restore=%d/%d size=%d bytes criu=%d ms total=%d ms"
                            + " stale-sockets-removed=%d pid-counter=%s",
                    config.logKey(), app.checkpoint().name(), appPid, app.attempt(), config.maxRestores(),
                    app.manifest().totalBytes(),
                    app.criu().toMillis(), app.total().toMillis(), app.staleSockets(), moved);
            return true;
        } catch (Restorer.RestoreException e) {
            if (!config.startFreshOnRestoreFailure()) {
                throw new IOException(e.getMessage() + "; CRIK_RESTORE_FAILURE_POLICY=fail, so the container stops");
            }
            Log.error("%s; starting the app fresh (CRIK_RESTORE_FAILURE_POLICY=start-fresh)", e.getMessage());
            return false;
        }
    }

    private void start() throws IOException {
        long started = System.nanoTime();
        String moved = pidCounter().advanceTo(PidCounter.FIRST_APP_PID);
        ChildReaper.Child app = reaper.spawn(SpawnRequest.of(command, environment.entries()).inNewSession());
        appPid = app.pid();
        appExit = app.exit();
        appStarted = System.nanoTime();
        Log.info("started key=%s pid=%d command=%s pid-counter=%s in %d ms", config.logKey(), appPid, command, moved,
                Duration.ofNanos(appStarted - started).toMillis());
    }

    private int loop(Fingerprint fingerprint) throws InterruptedException {
        while (true) {
            Event event = events.take();
            if (event instanceof AppExited exited) {
                return appExited(exited.exit());
            }
            if (event instanceof CheckpointRequested request) {
                Integer status = checkpointRequested(request.replies(), fingerprint);
                if (status != null) {
                    return status;
                }
            } else if (event instanceof SignalReceived received) {
                Integer status = signalReceived(received.signal(), fingerprint);
                if (status != null) {
                    return status;
                }
            }
        }
    }

    private Integer signalReceived(int signal, Fingerprint fingerprint) {
        if (signal == Signals.SIGTERM && !checkpointAnswered) {
            Log.info("received SIGTERM without a checkpoint request; deciding whether to checkpoint");
            return checkpointRequested(CheckpointReplies.NONE, fingerprint);
        }
        forward(signal);
        return null;
    }

    /** Decides, checkpoints when the policy requires it, and returns the exit status when PID 1 should stop. */
    private Integer checkpointRequested(CheckpointReplies replies, Fingerprint fingerprint) {
        long requested = System.nanoTime();
        CheckpointPolicy.Decision decision = CheckpointPolicy.decide(config.checkpointPolicy(), () -> nodeState(replies),
                config.checkpointWhenNodeStateUnknown());
        Log.info("checkpoint request from %s: %s, because %s", replies.fromClient() ? "crik checkpoint" : "SIGTERM",
                decision.checkpoint() ? "checkpointing" : "not checkpointing", decision.reason());
        if (!decision.checkpoint()) {
            checkpointAnswered = true;
            clearCheckpointsBeforeStop();
            replies.finish(ControlProtocol.SKIPPED, "no checkpoint, because " + decision.reason() + "; the app gets SIGTERM");
            replies.awaitClose(0);
            if (!replies.fromClient()) {
                forward(Signals.SIGTERM);
            }
            return null;
        }

        if (appExit.isDone()) {
            // The app ended while the node state was requested. Its exit event is next in the
            // queue and clears the checkpoints; a dump now would fail and be taken for the cause.
            checkpointAnswered = true;
            Log.info("no checkpoint: the app (pid %d) exited while the node state was requested", appPid);
            replies.finish(ControlProtocol.SKIPPED, "no checkpoint, because the app has already exited");
            replies.awaitClose(0);
            return null;
        }

        replies.progress("checkpointing, because " + decision.reason());
        try {
            Checkpointer checkpointer = new Checkpointer(store, criu, processes, config.preservePaths());
            Duration dumpLimit = config.dumpTimeLimit(Duration.ofNanos(System.nanoTime() - requested));
            Checkpointer.Published published = checkpointer.checkpoint(appPid, identity(fingerprint), dumpLimit,
                    replies::progress);
            Log.info("checkpointed key=%s checkpoint=%s pid=%d size=%d bytes dump=%d ms total=%d ms; exiting with %d",
                    config.logKey(), published.dir().getFileName(), appPid, published.bytes(), published.dump().toMillis(),
                    published.total().toMillis(), WrapperConfig.EXIT_CHECKPOINTED);
            replies.finish(ControlProtocol.DONE, "checkpoint " + published.dir().getFileName() + " published: "
                    + published.bytes() + " bytes, dump " + published.dump().toMillis() + " ms, total "
                    + published.total().toMillis() + " ms");
            replies.awaitClose(CLIENT_LINGER_MILLIS);
            return WrapperConfig.EXIT_CHECKPOINTED;
        } catch (Checkpointer.CheckpointException e) {
            checkpointAnswered = true;
            appEndedByDump = appEndedAfterDump();
            Log.error("checkpoint of key=%s failed: %s", config.logKey(), e.getMessage());
            replies.finish(ControlProtocol.FAILED, e.getMessage());
            replies.awaitClose(0);
            if (!replies.fromClient() && !appEndedByDump) {
                forward(Signals.SIGTERM);
            }
            return null;
        }
    }

    private int appExited(ChildExit exit) {
        long ran = Duration.ofNanos(System.nanoTime() - appStarted).toMillis();
        if (appEndedByDump) {
            Log.error("the app (pid %d) %s during a failed dump; its checkpoints are kept, and the next"
                    + " container restores the last complete one", appPid, exit.describe());
            return exit.shellStatus();
        }
        try {
            store.clear();
            Log.info("app (pid %d) %s after %d ms; cleared the checkpoints of key=%s", appPid, exit.describe(),
                    ran, config.logKey());
        } catch (IOException e) {
            Log.error("app (pid %d) %s, but clearing the checkpoints in %s failed: %s; delete them by hand"
                    + " so that no replacement restores them", appPid, exit.describe(), store.root(), e.getMessage());
        }
        return exit.shellStatus();
    }

    /**
     * Clears the checkpoints of a container that stops without a checkpoint. The app's exit clears
     * them too, but an app that outlives the grace period is killed together with PID 1, and an
     * older checkpoint left behind would bring the next pod back as an old process.
     */
    private void clearCheckpointsBeforeStop() {
        try {
            store.clear();
            Log.info("cleared the checkpoints of key=%s, because the container stops without a checkpoint", config.logKey());
        } catch (IOException e) {
            Log.error("clearing the checkpoints in %s failed: %s; delete them by hand so that no replacement restores"
                    + " them", store.root(), e.getMessage());
        }
    }

    /** Returns whether the app ended within a moment of a failed dump, which may have killed it. */
    private boolean appEndedAfterDump() {
        try {
            appExit.get(DUMP_AFTERMATH_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void forward(int signal) {
        if (Posix.kill(appPid, signal)) {
            Log.info("forwarded %s to the app (pid %d)", Signals.name(signal), appPid);
        }
    }

    /** Requests the node state from the node-state service, within CRIK_NODE_STATE_TIMEOUT_SECONDS. */
    private NodeStateReport nodeState(CheckpointReplies replies) {
        if (nodeStateQuery.configured()) {
            replies.progress("requesting the node state from " + nodeStateQuery.target());
        }
        return nodeStateQuery.ask(config.nodeStateTimeout());
    }

    private Manifest.Builder identity(Fingerprint fingerprint) {
        return Manifest.builder()
                .fingerprint(fingerprint, Fingerprint.newSalt())
                .put(Manifest.KEY, config.checkpointKey())
                .put(Manifest.CONTAINER, config.containerName())
                .put(Manifest.POD, config.podReference())
                .put(Manifest.NODE, config.nodeName())
                .put(Manifest.CRIU_VERSION, criuVersion());
    }

    private String criuVersion() {
        if (criuVersion == null) {
            criuVersion = criu.version();
        }
        return criuVersion;
    }

    private void startControlChannel() {
        try {
            ControlServer.start(config.controlSocket(), connection -> events.add(new CheckpointRequested(connection)));
        } catch (IOException e) {
            Log.warn("cannot open the control socket %s: %s; crik checkpoint will not reach this wrapper, so only"
                    + " SIGTERM starts a checkpoint; mount the bundle volume read-write", config.controlSocket(), e.getMessage());
        }
    }

    private PidCounter pidCounter() {
        return new PidCounter(PROC, reaper, WrapperConfig.BUNDLE.resolve("bin/crik").toString());
    }

    private static String workingDir() {
        return Path.of("").toAbsolutePath().toString();
    }
}
