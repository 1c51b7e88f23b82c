package io.crik.wrapper.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.runc.ContainerSpec;
import io.crik.runc.ExecResult;
import io.crik.runc.Mount;
import io.crik.runc.OverlayRootfs;
import io.crik.runc.RootfsImages;
import io.crik.runc.Runc;
import io.crik.runc.RuncContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One workload's containers, as a node runs them for a pod and its replacements. Each container
 * gets its own writable root file system, its own bundle run directory and the wrapper as its
 * command. All of them share one checkpoint directory in place of the checkpoint volume.
 */
final class WrapperFixture implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Capabilities CRIU needs in a container besides containerd's defaults. */
    static final String[] CRIU_CAPABILITIES = {"SYS_ADMIN", "SYS_PTRACE", "NET_ADMIN", "SYS_TIME", "CHECKPOINT_RESTORE"};

    private static final AtomicInteger NEXT_ID = new AtomicInteger();
    private static final Pattern COUNT = Pattern.compile("count (\\d+)");
    private static final Pattern APP_PID = Pattern.compile(" pid=(\\d+) ");

    private final Path work;
    private final Runc runc;
    private final Path checkpointDir;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    WrapperFixture(Path work) throws IOException {
        this.work = work;
        this.runc = new Runc(work.resolve("runc"));
        this.checkpointDir = Files.createDirectories(work.resolve("checkpoints"));
    }

    static Path bundle() {
        Path bundle = Path.of(System.getProperty("crik.bundle", "target/bundle")).toAbsolutePath();
        assertThat(bundle.resolve("bin/crik")).as("the bundle is built in the package phase").exists();
        return bundle;
    }

    static void requireRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes()).strip();
        id.waitFor();
        assertThat(uid).as("these tests run CRIU in runc containers, which needs root").isEqualTo("0");
    }

    Path checkpointDir() {
        return checkpointDir;
    }

    Path work() {
        return work;
    }

    /**
     * Returns a container spec that runs {@code command} under {@code crik run} in a fresh
     * overlay of the image, with the bundle at /crik and the checkpoint directory mounted.
     */
    ContainerSpec.Builder spec(String image, String... command) throws IOException {
        return spec(List.of(CRIU_CAPABILITIES), image, command);
    }

    /** Like {@link #spec(String, String...)}, with only {@code capabilities} added to containerd's defaults. */
    ContainerSpec.Builder spec(List<String> capabilities, String image, String... command) throws IOException {
        int number = NEXT_ID.incrementAndGet();
        String id = "crik-it-" + ProcessHandle.current().pid() + "-" + number;
        Path dir = Files.createDirectories(work.resolve("c" + number));
        OverlayRootfs rootfs = OverlayRootfs.mount(RootfsImages.require(image), dir.resolve("rootfs"));
        cleanup.add(rootfs);
        return specOn(id, rootfs.path(), dir, command).addCapabilities(capabilities.toArray(String[]::new));
    }

    /** Like {@link #spec}, but on the shared image itself, read-only, as readOnlyRootFilesystem gives. */
    ContainerSpec.Builder readOnlySpec(String image, String... command) throws IOException {
        int number = NEXT_ID.incrementAndGet();
        String id = "crik-it-" + ProcessHandle.current().pid() + "-" + number;
        Path dir = Files.createDirectories(work.resolve("c" + number));
        return specOn(id, RootfsImages.require(image), dir, command).readOnlyRootfs(true).addCapabilities(CRIU_CAPABILITIES);
    }

    private ContainerSpec.Builder specOn(String id, Path rootfs, Path dir, String... command) throws IOException {
        Path run = Files.createDirectories(dir.resolve("crik-run"));
        List<String> args = new ArrayList<>(List.of("/crik/bin/crik", "run", "--"));
        args.addAll(List.of(command));
        return ContainerSpec.builder(id, rootfs)
                .args(args)
                .env("CRIK_CONTAINER_NAME", "app")
                .env("CRIK_IMAGE", "example.com/" + "test:1")
                .env("CRIK_CHECKPOINT_KEY", "it")
                .mount(Mount.readOnly(bundle(), "/crik"))
                .mount(Mount.bind(run, "/crik/run"))
                .mount(Mount.bind(checkpointDir, "/crik-checkpoints"));
    }

    /** Returns the test workloads' scripts, mounted read-only at /workloads by {@link #withWorkloads}. */
    static ContainerSpec.Builder withWorkloads(ContainerSpec.Builder spec) {
        Path scripts = Path.of("target/test-classes/workloads").toAbsolutePath();
        return spec.mount(Mount.readOnly(scripts, "/workloads"));
    }

    /** Returns the PID of the app, from the wrapper's start or restore log line. */
    static int appPid(RuncContainer container) {
        String line = container.stderr().awaitLine(
                text -> text.startsWith("crik: info: started ") || text.startsWith("crik: info: restored "), TIMEOUT);
        Matcher matcher = APP_PID.matcher(line);
        assertThat(matcher.find()).as(line).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    RuncContainer start(ContainerSpec.Builder spec) {
        RuncContainer container = runc.run(spec.build());
        cleanup.add(container);
        return container;
    }

    /** Starts a container and waits until the wrapper logged that the app runs. */
    RuncContainer startAndAwaitApp(ContainerSpec.Builder spec) {
        RuncContainer container = start(spec);
        container.stderr().awaitLine(line -> line.startsWith("crik: info: started ") || line.startsWith("crik: info: restored "),
                TIMEOUT);
        return container;
    }

    /** Runs the preStop hook, {@code crik checkpoint}, as the kubelet does with runc exec. */
    static ExecResult checkpoint(RuncContainer container) {
        return container.exec(TIMEOUT, "/crik/bin/crik", "checkpoint");
    }

    /** Checkpoints and expects the wrapper to exit with 75. */
    static void checkpointAndAwaitExit(RuncContainer container) {
        ExecResult result = checkpoint(container);
        assertThat(result.exitCode()).as(result + "\nwrapper log:\n" + container.stderr().text()).isZero();
        assertThat(result.stdout()).contains("crik: done checkpoint");
        assertThat(container.awaitExit(TIMEOUT)).as(container.stderr().text()).hasValue(75);
    }

    /** Returns the numbers of the {@code count N} lines of a container's stdout, in order. */
    static List<Long> counts(RuncContainer container) {
        List<Long> counts = new ArrayList<>();
        for (String line : container.stdout().lines()) {
            Matcher matcher = COUNT.matcher(line);
            if (matcher.matches()) {
                counts.add(Long.parseLong(matcher.group(1)));
            }
        }
        return counts;
    }

    /** Waits until the container printed at least {@code more} further count lines. */
    static void awaitMoreCounts(RuncContainer container, int more) {
        int expected = counts(container).size() + more;
        container.stdout().awaitLine(line -> counts(container).size() >= expected, TIMEOUT);
    }

    static String logLine(RuncContainer container, String prefix) {
        return container.stderr().awaitLine(line -> line.startsWith(prefix), TIMEOUT);
    }

    @Override
    public void close() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        cleanup.clear();
    }
}
