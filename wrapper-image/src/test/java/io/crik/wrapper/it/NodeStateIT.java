package io.crik.wrapper.it;

import static io.crik.wrapper.it.CheckpointRestoreIT.BUSYBOX_COUNTER;
import static io.crik.wrapper.it.WrapperFixture.TIMEOUT;
import static io.crik.wrapper.it.WrapperFixture.awaitMoreCounts;
import static io.crik.wrapper.it.WrapperFixture.logLine;
import static org.assertj.core.api.Assertions.assertThat;

import io.crik.runc.ContainerSpec;
import io.crik.runc.ExecResult;
import io.crik.runc.Mount;
import io.crik.runc.NetworkNamespace;
import io.crik.runc.RuncContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wrapper's node-state request from inside a container. The service is busybox httpd with
 * fixed responses, run on the host in the pod's network namespace. The request thus goes through
 * the bundle's own Java runtime and C library on a read-only root file system, as in a pod. The
 * service's name resolves through a mounted /etc/hosts, like the one the kubelet provides.
 */
class NodeStateIT extends WrapperContainerTest {

    private static final String SERVICE_URL = "http://crik-webhook.test:8080";
    private static final String GOING_AWAY = """
            {"node":"node-a","goingAway":true,"reasons":[{"type":"DisruptionTaint",\
            "message":"taint karpenter.sh/disrupted:NoSchedule","since":"2026-12-04T20:00:00Z"}],\
            "since":"2026-12-04T20:00:00Z"}""";
    private static final String NOT_GOING_AWAY = """
            {"node":"node-a","goingAway":false,"reasons":[],"since":null}""";

    private NetworkNamespace podNetwork;
    private Process service;

    @BeforeEach
    void createPodNetwork() {
        podNetwork = NetworkNamespace.create("crik-ns-" + ProcessHandle.current().pid());
    }

    @AfterEach
    void stopServiceAndNetwork() throws InterruptedException {
        if (service != null) {
            service.destroy();
            service.waitFor(10, TimeUnit.SECONDS);
        }
        podNetwork.close();
    }

    /** Serves {@code body} at /nodes/node-a on 127.0.0.1:8080 of the pod's network namespace. */
    private void serveNodeState(String body) throws IOException, InterruptedException {
        Path root = Files.createDirectories(work.resolve("www/nodes"));
        Files.writeString(root.resolve("node-a"), body);
        service = new ProcessBuilder("ip", "netns", "exec", podNetwork.name(), "/bin/busybox", "httpd", "-f",
                "-p", "127.0.0.1:8080", "-h", work.resolve("www").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("httpd.log").toFile()).start();
        for (int attempt = 0; attempt < 100; attempt++) {
            ExecResult probe = podNetwork.exec(Duration.ofSeconds(5),
                    List.of("/bin/busybox", "wget", "-q", "-O", "-", "http://127.0.0.1:8080/nodes/node-a"));
            if (probe.succeeded()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("busybox httpd did not start: " + Files.readString(work.resolve("httpd.log")));
    }

    /** A wrapped busybox counter on a read-only root file system, in the pod's network, with the service's name in /etc/hosts. */
    private ContainerSpec.Builder spec(String unknownFallback) throws IOException {
        Path hosts = Files.writeString(work.resolve("hosts"), "127.0.0.1 localhost\n127.0.0.1 crik-webhook.test\n");
        return fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER)
                .readOnlyRootfs(true)
                .networkNamespace(podNetwork.path())
                .mount(Mount.readOnly(hosts, "/etc/hosts"))
                .env("CRIK_NODE_NAME", "node-a")
                .env("CRIK_NODE_STATE_URL", SERVICE_URL)
                .env("CRIK_NODE_STATE_UNKNOWN", unknownFallback);
    }

    @Test
    void goingAwayNodeIsCheckpointed() throws Exception {
        serveNodeState(GOING_AWAY);
        RuncContainer container = fixture.startAndAwaitApp(spec("skip"));
        awaitMoreCounts(container, 3);

        ExecResult hook = WrapperFixture.checkpoint(container);

        assertThat(hook.exitCode()).as(hook + "\nwrapper log:\n" + container.stderr().text()).isZero();
        assertThat(hook.stdout()).contains("requesting the node state from " + SERVICE_URL + "/nodes/node-a")
                .contains("crik: done checkpoint");
        assertThat(container.awaitExit(TIMEOUT)).as(container.stderr().text()).hasValue(75);
        assertThat(logLine(container, "crik: info: checkpoint request from crik checkpoint: checkpointing"))
                .contains("because policy is node-terminating and node node-a is going away: DisruptionTaint"
                        + " (taint karpenter.sh/disrupted:NoSchedule), since 2026-12-04T20:00:00Z; 1 request in ");
    }

    @Test
    void healthyNodeIsNotCheckpointed() throws Exception {
        serveNodeState(NOT_GOING_AWAY);
        RuncContainer container = fixture.startAndAwaitApp(spec("checkpoint"));
        awaitMoreCounts(container, 3);

        ExecResult hook = WrapperFixture.checkpoint(container);
        container.kill("TERM");

        assertThat(hook.exitCode()).as(hook.toString()).isZero();
        assertThat(hook.stdout()).contains("crik: skipped no checkpoint, because policy is node-terminating and node"
                + " node-a is not going away");
        assertThat(container.awaitExit(TIMEOUT)).as(container.stderr().text()).hasValue(143);
        assertThat(logLine(container, "crik: info: forwarded SIGTERM")).contains("pid");
        assertThat(Files.exists(fixture.checkpointDir().resolve("checkpoints/000001"))).isFalse();
    }

    @Test
    void skippedCheckpointClearsOlderOnes() throws Exception {
        serveNodeState(GOING_AWAY);
        RuncContainer first = fixture.startAndAwaitApp(spec("skip"));
        awaitMoreCounts(first, 3);
        WrapperFixture.checkpointAndAwaitExit(first);
        Files.writeString(work.resolve("www/nodes/node-a"), NOT_GOING_AWAY);

        RuncContainer second = fixture.startAndAwaitApp(spec("checkpoint"));
        awaitMoreCounts(second, 3);
        ExecResult hook = WrapperFixture.checkpoint(second);
        boolean clearedBeforeKill = !Files.exists(fixture.checkpointDir().resolve("checkpoints/000001"));
        second.kill("KILL");
        second.awaitExit(TIMEOUT);
        RuncContainer third = fixture.startAndAwaitApp(spec("checkpoint"));

        assertThat(logLine(second, "crik: info: restored ")).contains("checkpoint=000001");
        assertThat(hook.stdout()).as(hook.toString()).contains("crik: skipped no checkpoint");
        assertThat(logLine(second, "crik: info: cleared the checkpoints")).contains("stops without a checkpoint");
        assertThat(clearedBeforeKill).as("checkpoint 000001 removed before the container was killed").isTrue();
        assertThat(logLine(third, "crik: info: started ")).contains("command=");
    }

    @Test
    void appExitingDuringRequestIsNotDumped() throws Exception {
        RuncContainer container = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", "echo started; sleep 2; exit 7")
                .readOnlyRootfs(true)
                .networkNamespace(podNetwork.path())
                .env("CRIK_NODE_NAME", "node-a")
                .env("CRIK_NODE_STATE_URL", "http://127.0.0.1:8080")
                .env("CRIK_NODE_STATE_TIMEOUT_SECONDS", "5"));
        container.stdout().awaitLine(line -> line.equals("started"), TIMEOUT);

        ExecResult hook = WrapperFixture.checkpoint(container);

        assertThat(hook.exitCode()).as(hook + "\nwrapper log:\n" + container.stderr().text()).isZero();
        assertThat(hook.stdout()).contains("crik: skipped no checkpoint, because the app has already exited");
        assertThat(container.awaitExit(TIMEOUT)).as(container.stderr().text()).hasValue(7);
        assertThat(logLine(container, "crik: info: app (pid ")).contains("exited with status 7")
                .contains("cleared the checkpoints");
        assertThat(container.stderr().text()).doesNotContain("failed dump");
    }

    @Test
    void unreachableServiceFallsBack() throws Exception {
        RuncContainer container = fixture.startAndAwaitApp(spec("skip").env("CRIK_NODE_STATE_TIMEOUT_SECONDS", "1"));
        awaitMoreCounts(container, 3);

        container.kill("TERM");

        assertThat(container.awaitExit(TIMEOUT)).as(container.stderr().text()).hasValue(143);
        assertThat(logLine(container, "crik: info: checkpoint request from SIGTERM: not checkpointing"))
                .contains("the node state is unknown (no answer from " + SERVICE_URL + "/nodes/node-a within 1000 ms")
                .contains("ConnectException")
                .endsWith("CRIK_NODE_STATE_UNKNOWN=skip");
        assertThat(logLine(container, "crik: warn: node-state request 1 to " + SERVICE_URL)).contains("retrying in");
    }
}
