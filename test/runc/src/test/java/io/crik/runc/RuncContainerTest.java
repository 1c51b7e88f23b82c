package io.crik.runc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuncContainerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger NEXT_ID = new AtomicInteger();
    private static Path busybox;

    @TempDir
    Path work;

    private Runc runc;
    private final java.util.List<AutoCloseable> cleanup = new java.util.ArrayList<>();

    @BeforeAll
    static void requireRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes()).strip();
        id.waitFor();
        assertThat(uid).as("these tests run containers with runc, which needs root").isEqualTo("0");
        busybox = RootfsImages.require("busybox");
    }

    @BeforeEach
    void setUp() {
        runc = new Runc(work.resolve("runc"));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private ContainerSpec.Builder spec(Path rootfs, String... args) {
        return ContainerSpec.builder("runc-test-" + ProcessHandle.current().pid() + "-" + NEXT_ID.incrementAndGet(), rootfs)
                .args(args);
    }

    private RuncContainer run(ContainerSpec.Builder spec) {
        RuncContainer container = runc.run(spec.build());
        cleanup.add(container);
        return container;
    }

    @Test
    void outputAndExitStatusReachCaller() {
        RuncContainer container = run(spec(busybox, "sh", "-c", "echo hello; echo oops >&2; exit 3"));

        assertThat(container.awaitExit(TIMEOUT)).hasValue(3);
        assertThat(container.stdout().lines()).containsExactly("hello");
        assertThat(container.stderr().lines()).containsExactly("oops");
    }

    @Test
    void killedContainerExitsWith128PlusSignal() {
        RuncContainer container = run(spec(busybox, "sleep", "600"));
        container.awaitRunning(TIMEOUT);

        container.kill("KILL");

        assertThat(container.awaitExit(TIMEOUT)).hasValue(137);
    }

    @Test
    void execSeesContainerEnvironment() {
        RuncContainer container = run(spec(busybox, "sleep", "600").env("GREETING", "hi there"));
        container.awaitRunning(TIMEOUT);

        ExecResult result = container.exec(TIMEOUT, "sh", "-c", "echo \"$GREETING\"");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("hi there");
    }

    @Test
    void initGetsPidOne() {
        RuncContainer container = run(spec(busybox, "sh", "-c", "echo $$"));

        assertThat(container.awaitExit(TIMEOUT)).hasValue(0);
        assertThat(container.stdout().lines()).containsExactly("1");
    }

    @Test
    void readOnlyRootfsRejectsWrites() {
        RuncContainer container = run(spec(busybox, "sh", "-c", "touch /written && echo wrote || echo refused")
                .readOnlyRootfs(true));

        assertThat(container.awaitExit(TIMEOUT)).hasValue(0);
        assertThat(container.stdout().lines()).containsExactly("refused");
        assertThat(busybox.resolve("written")).doesNotExist();
    }

    @Test
    void procSysReadOnlyByDefault() {
        String write = "echo 5000 > /proc/sys/kernel/ns_last_pid && echo wrote || echo refused";
        RuncContainer defaults = run(spec(busybox, "sh", "-c", write));
        // Writing ns_last_pid also needs CAP_SYS_ADMIN (or CAP_CHECKPOINT_RESTORE).
        RuncContainer writable = run(spec(busybox, "sh", "-c", write).writableProcSys(true).addCapabilities("SYS_ADMIN"));

        assertThat(defaults.awaitExit(TIMEOUT)).hasValue(0);
        assertThat(writable.awaitExit(TIMEOUT)).hasValue(0);
        assertThat(defaults.stdout().lines()).containsExactly("refused");
        assertThat(writable.stdout().lines()).containsExactly("wrote");
    }

    @Test
    void addedCapabilityIsEffective() {
        // CAP_SYS_ADMIN is bit 21 of the capability masks in /proc/PID/status.
        String showSysAdmin = "eff=$(grep CapEff /proc/self/status | cut -f2); "
                + "echo $(( (0x$eff >> 21) & 1 ))";
        RuncContainer plain = run(spec(busybox, "sh", "-c", showSysAdmin));
        RuncContainer added = run(spec(busybox, "sh", "-c", showSysAdmin).addCapabilities("SYS_ADMIN"));

        assertThat(plain.awaitExit(TIMEOUT)).hasValue(0);
        assertThat(added.awaitExit(TIMEOUT)).hasValue(0);
        assertThat(plain.stdout().lines()).containsExactly("0");
        assertThat(added.stdout().lines()).containsExactly("1");
    }

    @Test
    void bindMountSharesHostFolder() throws IOException {
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("in.txt"), "from host\n");

        RuncContainer container = run(spec(busybox, "sh", "-c", "cat /data/in.txt; echo from container > /data/out.txt")
                .mount(Mount.bind(data, "/data")));

        assertThat(container.awaitExit(TIMEOUT)).hasValue(0);
        assertThat(container.stdout().lines()).containsExactly("from host");
        assertThat(data.resolve("out.txt")).hasContent("from container");
    }

    @Test
    void sharedNetworkNamespaceConnectsContainers() {
        NetworkNamespace pod = NetworkNamespace.create("crik-runc-test-" + ProcessHandle.current().pid());
        cleanup.add(pod);
        // stdin stays open for a second: busybox nc can quit at stdin's end before the reply arrives.
        String connect = "for i in $(seq 30); do sleep 1 | nc 127.0.0.1 7070 && exit 0; sleep 0.1; done; exit 1";

        RuncContainer server = run(spec(busybox, "sh", "-c", "echo pong | nc -l -p 7070").networkNamespace(pod.path()));
        RuncContainer sameNamespace = run(spec(busybox, "sh", "-c", connect).networkNamespace(pod.path()));

        assertThat(sameNamespace.awaitExit(TIMEOUT)).hasValue(0);
        assertThat(sameNamespace.stdout().lines()).containsExactly("pong");
        assertThat(server.awaitExit(TIMEOUT)).hasValue(0);
    }

    @Test
    void ownNetworkNamespaceIsIsolated() {
        NetworkNamespace pod = NetworkNamespace.create("crik-runc-test-" + ProcessHandle.current().pid());
        cleanup.add(pod);

        RuncContainer server = run(spec(busybox, "sh", "-c", "echo pong | nc -l -p 7071").networkNamespace(pod.path()));
        server.awaitRunning(TIMEOUT);
        RuncContainer elsewhere = run(spec(busybox, "sh", "-c", "sleep 0.5; nc 127.0.0.1 7071 </dev/null"));

        assertThat(elsewhere.awaitExit(TIMEOUT)).isNotEqualTo(java.util.OptionalInt.of(0));
        assertThat(elsewhere.stdout().lines()).isEmpty();
    }

    @Test
    void sharedIpcNamespaceJoinsContainers() {
        IpcNamespace ipc = IpcNamespace.create(work.resolve("sandbox/ipc"));
        cleanup.add(ipc);
        String showIpc = "readlink /proc/self/ns/ipc";

        RuncContainer first = run(spec(busybox, "sh", "-c", showIpc).ipcNamespace(ipc.path()));
        RuncContainer second = run(spec(busybox, "sh", "-c", showIpc).ipcNamespace(ipc.path()));
        RuncContainer own = run(spec(busybox, "sh", "-c", showIpc));

        assertThat(first.awaitExit(TIMEOUT)).hasValue(0);
        assertThat(second.awaitExit(TIMEOUT)).hasValue(0);
        assertThat(own.awaitExit(TIMEOUT)).hasValue(0);
        assertThat(first.stdout().lines()).hasSize(1).isEqualTo(second.stdout().lines());
        assertThat(own.stdout().lines()).isNotEqualTo(first.stdout().lines());
    }

    @Test
    void ipcNamespaceFileRemovedOnClose() {
        IpcNamespace ipc = IpcNamespace.create(work.resolve("sandbox/ipc"));

        ipc.close();

        assertThat(work.resolve("sandbox/ipc")).doesNotExist();
    }

    @Test
    void networkNamespaceExecRunsInside() {
        NetworkNamespace pod = NetworkNamespace.create("crik-runc-test-" + ProcessHandle.current().pid());
        cleanup.add(pod);

        ExecResult links = pod.exec(TIMEOUT, java.util.List.of("ip", "-o", "link"));

        assertThat(links.exitCode()).as(links.toString()).isZero();
        assertThat(links.stdout().strip().lines()).hasSize(1);
        assertThat(links.stdout()).contains("lo:");
    }

    @Test
    void noNewPrivilegesVisibleInStatus() {
        String show = "grep NoNewPrivs /proc/self/status";
        RuncContainer plain = run(spec(busybox, "sh", "-c", show));
        RuncContainer restricted = run(spec(busybox, "sh", "-c", show).noNewPrivileges(true));

        assertThat(plain.awaitExit(TIMEOUT)).hasValue(0);
        assertThat(restricted.awaitExit(TIMEOUT)).hasValue(0);
        assertThat(plain.stdout().lines()).containsExactly("NoNewPrivs:\t0");
        assertThat(restricted.stdout().lines()).containsExactly("NoNewPrivs:\t1");
    }

    @Test
    void overlayKeepsImageUnchanged() {
        OverlayRootfs rootfs = OverlayRootfs.mount(busybox, work.resolve("overlay"));
        cleanup.add(rootfs);

        RuncContainer container = run(spec(rootfs.path(), "sh", "-c", "echo changed > /etc/motd && cat /etc/motd"));

        assertThat(container.awaitExit(TIMEOUT)).hasValue(0);
        assertThat(container.stdout().lines()).containsExactly("changed");
        assertThat(busybox.resolve("etc/motd")).doesNotExist();
        assertThat(work.resolve("overlay/upper/etc/motd")).exists();
    }

    @Test
    void debianImageRunsPython() {
        Path debian = RootfsImages.require("debian");

        RuncContainer container = run(spec(debian, "python3", "-c", "print(6 * 7)").readOnlyRootfs(true));

        OptionalInt status = container.awaitExit(TIMEOUT);
        assertThat(status).as(container.stderr().text()).hasValue(0);
        assertThat(container.stdout().lines()).containsExactly("42");
    }
}
