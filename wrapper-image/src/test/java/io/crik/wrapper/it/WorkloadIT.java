package io.crik.wrapper.it;

import static io.crik.wrapper.it.WrapperFixture.TIMEOUT;
import static io.crik.wrapper.it.WrapperFixture.appPid;
import static io.crik.wrapper.it.WrapperFixture.awaitMoreCounts;
import static io.crik.wrapper.it.WrapperFixture.checkpointAndAwaitExit;
import static io.crik.wrapper.it.WrapperFixture.counts;
import static io.crik.wrapper.it.WrapperFixture.logLine;
import static io.crik.wrapper.it.WrapperFixture.withWorkloads;
import static org.assertj.core.api.Assertions.assertThat;

import io.crik.runc.ContainerSpec;
import io.crik.runc.ExecResult;
import io.crik.runc.Mount;
import io.crik.runc.NetworkNamespace;
import io.crik.runc.RuncContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real workloads checkpointed in one container and restored in a replacement. */
class WorkloadIT extends WrapperContainerTest {

    private final List<NetworkNamespace> namespaces = new ArrayList<>();

    @AfterEach
    void deleteNamespaces() {
        for (NetworkNamespace namespace : namespaces) {
            namespace.close();
        }
    }

    /** Creates a pod's own network namespace with loopback up; a replacement pod gets a new one. */
    private Path podNetwork() {
        NetworkNamespace namespace = NetworkNamespace.create("crik-it-" + ProcessHandle.current().pid() + "-" + namespaces.size());
        namespaces.add(namespace);
        return namespace.path();
    }

    @Test
    void pythonKeepsMemoryState() throws Exception {
        RuncContainer first = fixture.startAndAwaitApp(withWorkloads(fixture.spec("debian", "python3", "/workloads/memory_state.py")));
        String pidLine = first.stdout().awaitLine(line -> line.startsWith("pid "), TIMEOUT);
        String digest = pidLine.substring(pidLine.indexOf("digest ") + "digest ".length());
        awaitMoreCounts(first, 10);
        checkpointAndAwaitExit(first);

        RuncContainer second = fixture.startAndAwaitApp(withWorkloads(fixture.spec("debian", "python3", "/workloads/memory_state.py")));
        awaitMoreCounts(second, 25);

        assertThat(second.stdout().lines()).filteredOn(line -> line.startsWith("digest ")).isNotEmpty()
                .allMatch(line -> line.equals("digest " + digest));
        assertThat(counts(second).get(0)).isEqualTo(counts(first).get(counts(first).size() - 1) + 1);
        assertThat(second.stderr().lines()).as("only the wrapper writes to stderr").allMatch(line -> line.startsWith("crik: "));
    }

    @Test
    void redisKeepsDataAndDropsConnection() throws Exception {
        String[] redis = {"redis-server", "--port", "6379", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"};
        RuncContainer first = fixture.startAndAwaitApp(withWorkloads(fixture.spec("debian", redis).networkNamespace(podNetwork())));
        first.stdout().awaitLine(line -> line.contains("Ready to accept connections"), TIMEOUT);
        Process client = first.execAsync(List.of("python3", "/workloads/redis_client.py", "progress", "42 steps"));
        assertThat(new String(client.getInputStream().readNBytes(4))).isEqualTo("+OK\n");
        assertThat(first.exec(TIMEOUT, "redis-cli", "INFO", "clients").stdout()).contains("connected_clients:2");

        ExecResult withoutTcpClose = bareDump(first, appPid(first), "");
        assertThat(withoutTcpClose.stdout()).contains("Connected TCP socket");
        checkpointAndAwaitExit(first);
        client.destroyForcibly();

        RuncContainer second = fixture.startAndAwaitApp(withWorkloads(fixture.spec("debian", redis).networkNamespace(podNetwork())));
        ExecResult value = second.exec(TIMEOUT, "redis-cli", "GET", "progress");
        ExecResult clients = second.exec(TIMEOUT, "redis-cli", "INFO", "clients");

        assertThat(value.stdout().strip()).isEqualTo("42 steps");
        assertThat(clients.stdout()).contains("connected_clients:1");
    }

    @Test
    void httpServerAnswersAfterRestore() throws Exception {
        String[] server = {"python3", "-m", "http.server", "8000", "--bind", "127.0.0.1", "--directory", "/"};
        RuncContainer first = fixture.startAndAwaitApp(withWorkloads(fixture.spec("debian", server).networkNamespace(podNetwork())));
        assertThat(awaitHttp(first).stdout().strip()).isEqualTo("200");
        checkpointAndAwaitExit(first);

        RuncContainer second = fixture.startAndAwaitApp(withWorkloads(fixture.spec("debian", server).networkNamespace(podNetwork())));

        assertThat(second.exec(TIMEOUT, "python3", "/workloads/http_get.py", "http://127.0.0.1:8000/").stdout().strip())
                .isEqualTo("200");
        assertThat(logLine(second, "crik: info: restored ")).contains("checkpoint=000001");
    }

    @Test
    void unixSocketServerRebindsItsPaths() throws Exception {
        Path shared = Files.createDirectories(work.resolve("shared"));
        String[] server = {"python3", "/workloads/unix_server.py", "/shared/app.sock", "/run/app-sockets/own.sock"};
        RuncContainer first = fixture.startAndAwaitApp(withWorkloads(fixture.spec("debian", server))
                .mount(Mount.bind(shared, "/shared")));
        first.stdout().awaitLine(line -> line.equals("listening"), TIMEOUT);
        assertThat(first.exec(TIMEOUT, "python3", "/workloads/unix_client.py", "/shared/app.sock").stdout().strip())
                .isEqualTo("served 1");
        checkpointAndAwaitExit(first);
        assertThat(shared.resolve("app.sock")).as("the socket file outlives the container").exists();

        RuncContainer second = fixture.startAndAwaitApp(withWorkloads(fixture.spec("debian", server))
                .mount(Mount.bind(shared, "/shared")));

        assertThat(logLine(second, "crik: info: restored ")).contains("stale-sockets-removed=1");
        assertThat(second.exec(TIMEOUT, "python3", "/workloads/unix_client.py", "/shared/app.sock").stdout().strip())
                .isEqualTo("served 2");
        assertThat(second.exec(TIMEOUT, "python3", "/workloads/unix_client.py", "/run/app-sockets/own.sock").stdout().strip())
                .isEqualTo("served 3");
    }

    @Test
    void preservedFileIsPutBack() throws Exception {
        String app = "mkdir -p /var/log; exec 3>>/var/log/app.log; i=0; while true; do echo \"count $i\"; echo \"line $i\" >&3; i=$((i+1)); sleep 0.05; done";
        RuncContainer first = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", app)
                .env("CRIK_PRESERVE_PATHS", "/var/log/app.log"));
        awaitMoreCounts(first, 10);
        checkpointAndAwaitExit(first);
        long lastBefore = counts(first).get(counts(first).size() - 1);

        RuncContainer second = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", app)
                .env("CRIK_PRESERVE_PATHS", "/var/log/app.log"));
        awaitMoreCounts(second, 10);
        ExecResult log = second.exec(TIMEOUT, "cat", "/var/log/app.log");

        assertThat(logLine(second, "crik: info: restored ")).contains("checkpoint=000001");
        assertThat(log.stdout()).startsWith("line 0\n").contains("line " + lastBefore + "\nline " + (lastBefore + 1) + "\n");
    }

    @Test
    void fileLockIsHeldAfterRestore() throws Exception {
        RuncContainer first = fixture.startAndAwaitApp(withWorkloads(fixture.spec("debian", "python3", "/workloads/file_lock.py")
                .env("CRIK_PRESERVE_PATHS", "/tmp/app.lock")));
        first.stdout().awaitLine(line -> line.equals("locked"), TIMEOUT);
        assertThat(bareDump(first, appPid(first), "").stdout()).contains("--file-locks");
        checkpointAndAwaitExit(first);

        RuncContainer second = fixture.startAndAwaitApp(withWorkloads(fixture.spec("debian", "python3", "/workloads/file_lock.py")
                .env("CRIK_PRESERVE_PATHS", "/tmp/app.lock")));
        awaitMoreCounts(second, 3);

        assertThat(second.exec(TIMEOUT, "python3", "/workloads/try_lock.py").stdout().strip()).isEqualTo("held");
    }

    /** Runs CRIU by hand without the wrapper's options, leaving the app running, and returns its log. */
    private static ExecResult bareDump(RuncContainer container, int pid, String options) {
        String script = "rm -rf /tmp/bare && mkdir -p /tmp/bare && /crik/bin/criu dump --leave-running -t " + pid
                + " -D /tmp/bare -o dump.log " + options + "; echo \"exit $?\"; cat /tmp/bare/dump.log";
        ExecResult result = container.exec(TIMEOUT, "sh", "-c", script);
        assertThat(result.stdout()).as("a dump without the option fails").doesNotContain("exit 0\n");
        return result;
    }

    private static ExecResult awaitHttp(RuncContainer container) throws InterruptedException {
        ExecResult result = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            result = container.exec(TIMEOUT, "python3", "/workloads/http_get.py", "http://127.0.0.1:8000/");
            if (result.succeeded()) {
                return result;
            }
            Thread.sleep(100);
        }
        return result;
    }
}
