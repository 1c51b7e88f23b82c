package io.crik.wrapper.posix;

import io.crik.wrapper.Log;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The PID namespace's counter of the last PID handed out. CRIU restores every process and
 * thread at its old PID, so the wrapper keeps the PIDs that a restore will need free: the app
 * starts above 9000, and after a restore the counter moves above every restored PID.
 */
public final class PidCounter {

    public static final int FIRST_APP_PID = 9001;

    private final Path proc;
    private final ChildReaper reaper;
    private final String launcher;

    /**
     * @param proc the proc file system, {@code /proc}
     * @param launcher the static launcher, which offers the fork loop {@code __advance-pid N}
     */
    public PidCounter(Path proc, ChildReaper reaper, String launcher) {
        this.proc = proc;
        this.reaper = reaper;
        this.launcher = launcher;
    }

    /** Returns the last PID handed out in this namespace. */
    public int lastPid() throws IOException {
        // One read with room to spare: sysctl files return nothing at an offset above 0, so the
        // small first read of Files.readString would see only the first digit.
        byte[] buffer = new byte[32];
        try (InputStream in = Files.newInputStream(proc.resolve("sys/kernel/ns_last_pid"))) {
            int length = in.read(buffer);
            return Integer.parseInt(new String(buffer, 0, Math.max(0, length), StandardCharsets.US_ASCII).strip());
        }
    }

    /**
     * Moves the counter so that the next PID is at least {@code nextPid}: by writing
     * ns_last_pid where /proc/sys is writable, else by starting and reaping short-lived
     * processes, which takes about half a second for 9000 PIDs.
     *
     * @return how it moved: "written", "forked" or "already past"
     */
    public String advanceTo(int nextPid) throws IOException {
        if (lastPid() >= nextPid - 1) {
            return "already past";
        }
        String writeFailure = "";
        try {
            // WRITE alone: the default options also truncate, which /proc/sys files reject.
            Files.writeString(proc.resolve("sys/kernel/ns_last_pid"), Integer.toString(nextPid - 1),
                    StandardOpenOption.WRITE);
            if (lastPid() >= nextPid - 1) {
                return "written";
            }
            writeFailure = "ns_last_pid is " + lastPid() + " after writing " + (nextPid - 1);
        } catch (IOException e) {
            // Read-only /proc/sys, as containerd and CRI-O mount it by default: fork instead.
            writeFailure = e.toString();
        }
        Log.debug("writing ns_last_pid failed (%s); forking instead", writeFailure);
        ChildReaper.Child helper = reaper.spawn(SpawnRequest.of(
                List.of(launcher, "__advance-pid", Integer.toString(nextPid - 1)), List.of()));
        ChildExit exit;
        try {
            exit = helper.exit().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while moving the PID counter", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("moving the PID counter to " + nextPid + " took more than 60 s", e);
        }
        if (exit.shellStatus() != 0) {
            throw new IOException("moving the PID counter failed: " + launcher + " " + exit.describe());
        }
        return "forked";
    }

    /** Returns the highest PID or thread ID that exists in this namespace. */
    public int highestTaskId() throws IOException {
        int highest = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, PidCounter::isNumeric)) {
            for (Path process : processes) {
                highest = Math.max(highest, Integer.parseInt(process.getFileName().toString()));
                try (DirectoryStream<Path> tasks = Files.newDirectoryStream(process.resolve("task"), PidCounter::isNumeric)) {
                    for (Path task : tasks) {
                        highest = Math.max(highest, Integer.parseInt(task.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // The process ended while it was listed.
                }
            }
        }
        return highest;
    }

    private static boolean isNumeric(Path path) {
        String name = path.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
