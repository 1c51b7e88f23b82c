package io.crik.wrapper.it;

import static io.crik.wrapper.it.CheckpointRestoreIT.BUSYBOX_COUNTER;
import static io.crik.wrapper.it.WrapperFixture.TIMEOUT;
import static io.crik.wrapper.it.WrapperFixture.awaitMoreCounts;
import static io.crik.wrapper.it.WrapperFixture.checkpointAndAwaitExit;
import static io.crik.wrapper.it.WrapperFixture.counts;
import static io.crik.wrapper.it.WrapperFixture.logLine;
import static io.crik.wrapper.it.WrapperFixture.withWorkloads;
import static org.assertj.core.api.Assertions.assertThat;

import io.crik.runc.ExecResult;
import io.crik.runc.RuncContainer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the wrapper does when a dump or a restore goes wrong, and when the app ends by itself. */
class FaultIT extends WrapperContainerTest {


    @Test
    void dumpKilledMidwayKeepsPreviousCheckpoint() throws Exception {
        String[] app = {"python3", "/workloads/memory_state.py", "256"};
        RuncContainer first = fixture.startAndAwaitApp(withWorkloads(fixture.spec("debian", app)));
        awaitMoreCounts(first, 5);
        checkpointAndAwaitExit(first);
        long lastOfFirst = last(counts(first));

        RuncContainer second = fixture.startAndAwaitApp(withWorkloads(fixture.spec("debian", app)));
        awaitMoreCounts(second, 5);
        Process request = second.execAsync(List.of("/crik/bin/crik", "checkpoint"));
        Path pages = awaitGrowingPages(fixture.checkpointDir().resolve("tmp/000002/images"));
        long killed = killCriuIn(second);
        assertThat(request.waitFor()).isEqualTo(1);
        String output = new String(request.getInputStream().readAllBytes());
        assertThat(output).contains("crik: failed CRIU dump failed: CRIU was killed by SIGKILL");
        assertThat(killed).isPositive();
        assertThat(pages).doesNotExist();
        awaitMoreCounts(second, 5);
        assertThat(second.stderr().text()).doesNotContain("during a failed dump");
        second.kill("KILL");
        second.awaitExit(TIMEOUT);

        RuncContainer third = fixture.startAndAwaitApp(withWorkloads(fixture.spec("debian", app)));
        awaitMoreCounts(third, 3);

        assertThat(logLine(third, "crik: info: restored ")).contains("checkpoint=000001");
        assertThat(counts(third).get(0)).isEqualTo(lastOfFirst + 1);
    }

    @Test
    void fullVolumeKeepsPreviousCheckpoint() throws Exception {
        Path volume = fixture.checkpointDir();
        mountTmpfs(volume, "4m");
        try {
            RuncContainer first = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER));
            awaitMoreCounts(first, 5);
            checkpointAndAwaitExit(first);
            long lastOfFirst = last(counts(first));

            RuncContainer second = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER));
            fillUpTo(volume, 64 << 10);
            ExecResult result = WrapperFixture.checkpoint(second);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stdout()).contains("crik: failed").containsIgnoringCase("space");
            awaitMoreCounts(second, 5);
            assertThat(second.isRunning()).isTrue();
            assertThat(volume.resolve("checkpoints/000001/manifest.properties")).exists();
            assertThat(volume.resolve("tmp/000002")).doesNotExist();

            Files.delete(volume.resolve("filler"));
            second.kill("KILL");
            second.awaitExit(TIMEOUT);
            RuncContainer third = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER));
            awaitMoreCounts(third, 3);
            assertThat(logLine(third, "crik: info: restored ")).contains("checkpoint=000001");
            assertThat(counts(third).get(0)).isEqualTo(lastOfFirst + 1);
        } finally {
            fixture.close();
            new ProcessBuilder("umount", volume.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void corruptedImageStartsFresh() throws Exception {
        RuncContainer first = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER));
        awaitMoreCounts(first, 5);
        checkpointAndAwaitExit(first);
        Path pages = largestFile(fixture.checkpointDir().resolve("checkpoints/000001/images"));
        try (RandomAccessFile file = new RandomAccessFile(pages.toFile(), "rw")) {
            file.seek(file.length() / 2);
            int value = file.read();
            file.seek(file.length() / 2);
            file.write(value ^ 0xff);
        }

        RuncContainer second = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER));
        awaitMoreCounts(second, 3);

        assertThat(logLine(second, "crik: warn: set checkpoint 000001 aside")).contains("corrupted").contains("CRC32C");
        assertThat(logLine(second, "crik: info: started ")).contains("pid=");
        assertThat(counts(second).get(0)).isZero();
        assertThat(setAsideReasons()).singleElement().asString().startsWith("corrupted: images/" + pages.getFileName());
    }

    @Test
    void changedCommandStartsFresh() throws Exception {
        RuncContainer first = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER));
        awaitMoreCounts(first, 5);
        checkpointAndAwaitExit(first);

        RuncContainer second = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER + " # v2"));
        awaitMoreCounts(second, 3);

        assertThat(logLine(second, "crik: warn: set checkpoint 000001 aside"))
                .contains("fingerprint mismatch: the command differs: [sh, -c, ")
                .contains(" # v2] now, [sh, -c, ");
        assertThat(counts(second).get(0)).isZero();
    }

    @Test
    void changedVariableIsNamedWithoutValue() throws Exception {
        RuncContainer first = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER)
                .env("API_TOKEN", "first-secret"));
        awaitMoreCounts(first, 5);
        checkpointAndAwaitExit(first);

        RuncContainer second = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER)
                .env("API_TOKEN", "second-secret"));
        awaitMoreCounts(second, 3);

        assertThat(logLine(second, "crik: warn: set checkpoint 000001 aside"))
                .endsWith("fingerprint mismatch: environment variable API_TOKEN differs");
        assertThat(second.stderr().text()).doesNotContain("first-secret").doesNotContain("second-secret");
        assertThat(counts(second).get(0)).isZero();
    }

    @Test
    void excludedVariableMayChange() throws Exception {
        RuncContainer first = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER)
                .env("POD_IP", "10.1.0.1").env("CRIK_FINGERPRINT_EXCLUDE_ENV", "POD_IP").env("CRIK_POD_NAME", "first"));
        awaitMoreCounts(first, 5);
        checkpointAndAwaitExit(first);

        RuncContainer second = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER)
                .env("POD_IP", "10.2.0.2").env("CRIK_FINGERPRINT_EXCLUDE_ENV", "POD_IP").env("CRIK_POD_NAME", "second"));

        assertThat(logLine(second, "crik: info: restored ")).contains("checkpoint=000001");
    }

    @Test
    void appExitClearsCheckpointsAndPassesStatus() throws Exception {
        String app = "i=0; while [ $i -lt 60 ]; do echo \"count $i\"; i=$((i+1)); sleep 0.05; done; exit 3";
        RuncContainer first = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", app));
        awaitMoreCounts(first, 5);
        checkpointAndAwaitExit(first);

        RuncContainer second = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", app));

        assertThat(second.awaitExit(TIMEOUT)).hasValue(3);
        assertThat(last(counts(second))).isEqualTo(59);
        assertThat(logLine(second, "crik: info: app (pid ")).contains("exited with status 3").contains("cleared");
        assertThat(fixture.checkpointDir().resolve("checkpoints")).doesNotExist();
    }

    @Test
    void exitStatusesPassThrough() throws Exception {
        RuncContainer success = fixture.start(fixture.spec("busybox", "sh", "-c", "exit 0"));
        RuncContainer failure = fixture.start(fixture.spec("busybox", "sh", "-c", "exit 1"));
        RuncContainer killed = fixture.start(fixture.spec("busybox", "sh", "-c", "kill -KILL $$"));

        assertThat(success.awaitExit(TIMEOUT)).hasValue(0);
        assertThat(failure.awaitExit(TIMEOUT)).hasValue(1);
        assertThat(killed.awaitExit(TIMEOUT)).hasValue(137);
    }

    @Test
    void dumpOverTimeLimitFails() throws Exception {
        RuncContainer container = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER)
                .env("CRIK_CHECKPOINT_TIMEOUT_SECONDS", "0.001"));
        awaitMoreCounts(container, 3);

        ExecResult result = WrapperFixture.checkpoint(container);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("ran out of its time limit").contains("CRIK_CHECKPOINT_TIMEOUT_SECONDS");
        awaitMoreCounts(container, 5);
        assertThat(fixture.checkpointDir().resolve("checkpoints")).doesNotExist();
    }

    @Test
    void checkpointRestoredTooOftenIsDiscarded() throws Exception {
        for (int restore = 0; restore <= 2; restore++) {
            RuncContainer container = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER)
                    .env("CRIK_MAX_RESTORES", "2"));
            awaitMoreCounts(container, 3);
            if (restore == 0) {
                checkpointAndAwaitExit(container);
            } else {
                assertThat(logLine(container, "crik: info: restored ")).contains("restore=" + restore + "/2");
                container.kill("KILL");
                container.awaitExit(TIMEOUT);
            }
        }

        RuncContainer last = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER)
                .env("CRIK_MAX_RESTORES", "2"));

        assertThat(logLine(last, "crik: warn: set checkpoint 000001 aside")).contains("restored 2 times");
        assertThat(logLine(last, "crik: info: started ")).contains("pid=");
    }

    @Test
    void failedRestoreStartsFreshOrFails() throws Exception {
        String app = "mkdir -p /var/log; exec 3>>/var/log/app.log; " + BUSYBOX_COUNTER;
        RuncContainer first = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", app));
        awaitMoreCounts(first, 3);
        checkpointAndAwaitExit(first);
        Path checkpoint = fixture.checkpointDir().resolve("checkpoints/000001");
        Path copy = work.resolve("copy-000001");
        PreservedCopy.copy(checkpoint, copy);

        RuncContainer fresh = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", app));
        awaitMoreCounts(fresh, 3);
        assertThat(logLine(fresh, "crik: error: CRIU restore failed")).contains("starting the app fresh");
        assertThat(counts(fresh).get(0)).isZero();
        assertThat(setAsideReasons()).singleElement().asString().startsWith("CRIU restore failed");
        fresh.kill("KILL");
        fresh.awaitExit(TIMEOUT);

        PreservedCopy.copy(copy, checkpoint);
        RuncContainer failing = fixture.start(fixture.spec("busybox", "sh", "-c", app)
                .env("CRIK_RESTORE_FAILURE_POLICY", "fail"));

        assertThat(failing.awaitExit(TIMEOUT)).hasValue(1);
        assertThat(failing.stderr().text()).contains("CRIK_RESTORE_FAILURE_POLICY=fail");
        assertThat(counts(failing)).isEmpty();
    }

    private List<String> setAsideReasons() throws IOException {
        try (Stream<Path> dirs = Files.list(fixture.checkpointDir().resolve("failed"))) {
            return dirs.map(dir -> {
                try {
                    return Files.readString(dir.resolve("reason.txt")).strip();
                } catch (IOException e) {
                    return "unreadable: " + e;
                }
            }).toList();
        }
    }

    private static long last(List<Long> counts) {
        return counts.get(counts.size() - 1);
    }

    private static Path largestFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
        }
    }

    /** Waits until CRIU has written part of the memory images, and returns the pages file. */
    private static Path awaitGrowingPages(Path images) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(images)) {
                try (Stream<Path> files = Files.list(images)) {
                    Optional<Path> pages = files.filter(file -> file.getFileName().toString().startsWith("pages-")
                            && file.toFile().length() > (1 << 20)).findFirst();
                    if (pages.isPresent()) {
                        return pages.get();
                    }
                }
            }
            Thread.sleep(2);
        }
        throw new AssertionError("CRIU wrote no pages into " + images + " within " + TIMEOUT);
    }

    /** Kills with SIGKILL every CRIU process in the container's PID namespace; returns how many. */
    private static long killCriuIn(RuncContainer container) throws IOException {
        long containerInit = container.awaitRunning(TIMEOUT);
        Path namespace = Files.readSymbolicLink(Path.of("/proc/" + containerInit + "/ns/pid"));
        long count = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readString(process.resolve("comm")).strip().equals("criu")
                            && Files.readSymbolicLink(process.resolve("ns/pid")).equals(namespace)) {
                        ProcessHandle.of(Long.parseLong(process.getFileName().toString())).ifPresent(ProcessHandle::destroyForcibly);
                        count++;
                    }
                } catch (IOException e) {
                    // The process ended while it was listed.
                }
            }
        }
        return count;
    }

    private static void mountTmpfs(Path dir, String size) throws Exception {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
                .inheritIO().start();
        assertThat(mount.waitFor()).isZero();
    }

    /** Writes a filler file until only about {@code free} bytes are left on the file system of {@code dir}. */
    private static void fillUpTo(Path dir, long free) throws IOException {
        long available = Files.getFileStore(dir).getUsableSpace();
        try (RandomAccessFile filler = new RandomAccessFile(dir.resolve("filler").toFile(), "rw")) {
            byte[] block = new byte[4096];
            for (long written = 0; written < available - free; written += block.length) {
                filler.write(block);
            }
        }
    }
}
