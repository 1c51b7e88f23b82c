package io.crik.wrapper.it;

import static io.crik.wrapper.it.WrapperFixture.TIMEOUT;
import static io.crik.wrapper.it.WrapperFixture.checkpointAndAwaitExit;
import static io.crik.wrapper.it.WrapperFixture.logLine;
import static io.crik.wrapper.it.WrapperFixture.withWorkloads;

import io.crik.runc.ContainerSpec;
import io.crik.runc.RootfsImages;
import io.crik.runc.RuncContainer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures the wrapper; runs only with {@code -Dcrik.benchmark=true} (see wrapper-image/bench/benchmark)
 * and asserts nothing about the numbers. Writes a Markdown report to target/benchmarks/wrapper.md.
 */
@EnabledIfSystemProperty(named = "crik.benchmark", matches = "true",
        disabledReason = "benchmarks run only with -Dcrik.benchmark=true")
class WrapperBenchmarkIT {

    private static final int STARTS = 5;
    private static final Pattern NUMBER = Pattern.compile("(\\w[\\w-]*)=(\\d+)");

    @TempDir
    Path work;

    private WrapperFixture fixture;
    private final List<String> report = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        WrapperFixture.requireRoot();
        fixture = new WrapperFixture(work);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void measure() throws Exception {
        report.add("| touched memory | images | CRIU dump | checkpoint total | fsync'd write | checkpoint / write"
                + " | CRIU restore | restore total | cold read | restore / read |");
        report.add("|---|---|---|---|---|---|---|---|---|---|");
        for (int mib : List.of(256, 1024)) {
            measureCheckpoint(mib);
        }
        report.add("");
        measureStartup();
        measureIdleRss();

        Path out = Path.of("target/benchmarks/wrapper.md");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
        report.forEach(System.out::println);
    }

    private void measureCheckpoint(int mib) throws Exception {
        RuncContainer first = fixture.startAndAwaitApp(withWorkloads(fixture.spec("debian", "python3",
                "/workloads/memory_state.py", Integer.toString(mib))));
        first.stdout().awaitLine(line -> line.startsWith("digest "), TIMEOUT);
        checkpointAndAwaitExit(first);
        String checkpointed = logLine(first, "crik: info: checkpointed ");
        long bytes = value(checkpointed, "size");
        long dump = value(checkpointed, "dump");
        long checkpointTotal = value(checkpointed, "total");

        dropFromCache(fixture.checkpointDir());
        RuncContainer second = fixture.startAndAwaitApp(withWorkloads(fixture.spec("debian", "python3",
                "/workloads/memory_state.py", Integer.toString(mib))));
        String restored = logLine(second, "crik: info: restored ");
        long restoreCriu = value(restored, "criu");
        long restoreTotal = value(restored, "total");
        second.kill("KILL");
        second.awaitExit(TIMEOUT);

        Path plain = fixture.checkpointDir().resolve("plain-" + mib);
        long write = timedWrite(plain, bytes);
        dropFromCache(plain);
        long read = timedRead(plain);
        Files.delete(plain);
        CheckpointStoreCleaner.clear(fixture.checkpointDir());

        report.add(String.format("| %d MiB | %.0f MiB | %d ms (%.0f MiB/s) | %d ms | %d ms (%.0f MiB/s) | %.2f"
                        + " | %d ms (%.0f MiB/s) | %d ms | %d ms (%.0f MiB/s) | %.2f |",
                mib, mebibytes(bytes), dump, rate(bytes, dump), checkpointTotal, write, rate(bytes, write),
                (double) checkpointTotal / write, restoreCriu, rate(bytes, restoreCriu), restoreTotal, read,
                rate(bytes, read), (double) restoreTotal / read));
    }

    private void measureStartup() throws Exception {
        List<Long> direct = new ArrayList<>();
        List<Long> wrapped = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            direct.add(timeToExit(ContainerSpec.builder("crik-bench-direct-" + ProcessHandle.current().pid() + "-" + i,
                    RootfsImages.require("busybox")).readOnlyRootfs(true).args("sh", "-c", "echo ready")));
            wrapped.add(timeToExit(fixture.spec("busybox", "sh", "-c", "echo ready")));
        }
        long directMedian = median(direct);
        long wrappedMedian = median(wrapped);
        report.add(String.format("Start-up, container start to exit of `sh -c 'echo ready'`, median of %d: direct %d ms,"
                + " under crik %d ms, overhead %d ms.", STARTS, directMedian, wrappedMedian, wrappedMedian - directMedian));
        report.add("");
    }

    private void measureIdleRss() throws Exception {
        RuncContainer container = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", "exec sleep 600"));
        Thread.sleep(2000);
        long init = container.awaitRunning(TIMEOUT);
        String status = Files.readString(Path.of("/proc/" + init + "/status"));
        Matcher rss = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(status);
        rss.find();
        report.add(String.format("Idle RSS of the wrapper (PID 1, 2 s after start, app `sleep`): %d MiB.",
                Long.parseLong(rss.group(1)) / 1024));
        container.kill("KILL");
    }

    private long timeToExit(ContainerSpec.Builder spec) {
        long started = System.nanoTime();
        RuncContainer container = fixture.start(spec);
        container.awaitExit(TIMEOUT);
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Writes {@code bytes} of random data in 1 MiB blocks and fsyncs, as CRIU's image writes end up on disk. */
    private static long timedWrite(Path file, long bytes) throws IOException {
        byte[] block = new byte[1 << 20];
        new Random(1).nextBytes(block);
        long started = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (long written = 0; written < bytes; written += block.length) {
                channel.write(ByteBuffer.wrap(block));
            }
            channel.force(true);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long timedRead(Path file) throws IOException {
        byte[] block = new byte[1 << 20];
        long started = System.nanoTime();
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            while (in.read(block) > 0) {
                // reading is the work
            }
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Drops the files' pages from the page cache (GNU dd's nocache flag), so that the next read is cold. */
    private static void dropFromCache(Path path) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Process dd = new ProcessBuilder("dd", "if=" + file, "iflag=nocache", "count=0", "status=none").inheritIO().start();
            dd.waitFor();
        }
    }

    private static long value(String line, String name) {
        Matcher matcher = NUMBER.matcher(line);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return Long.parseLong(matcher.group(2));
            }
        }
        throw new AssertionError("no " + name + "= in " + line);
    }

    private static double mebibytes(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static double rate(long bytes, long millis) {
        return mebibytes(bytes) / Math.max(1, millis) * 1000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Empties the checkpoint directory between sizes. */
    private static final class CheckpointStoreCleaner {
        static void clear(Path dir) throws IOException {
            io.crik.wrapper.checkpoint.CheckpointStore.deleteTree(dir);
            Files.createDirectories(dir);
        }
    }
}
