package io.crik.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.crik.runc.ContainerLog;
import io.crik.runc.ExecResult;
import io.crik.runc.RootfsImages;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs pods on local nodes with real runc containers from the busybox and debian root filesystems. */
class LocalNodeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    NodeFixture fixture;
    LocalNode node;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new NodeFixture(work);
        node = fixture.node("node-a");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    RunningPod run(String yaml) {
        return node.run(PodManifests.parse(yaml));
    }

    static ContainerLog awaitLog(ContainerLog log, String line) {
        log.awaitLine(line::equals, TIMEOUT);
        return log;
    }

    @Nested
    class CommandLines {

        @Test
        void entrypointCmdCommandArgs() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: argv}
                    spec:
                      restartPolicy: Never
                      containers:
                      - {name: image-only, image: registry.local/printer:1}
                      - {name: args-only, image: registry.local/printer:1, args: ["ARG 1"]}
                      - {name: command-only, image: registry.local/printer:1, command: [/bin/printf, "<%s>\\\\n", COMMAND]}
                      - name: command-and-args
                        image: registry.local/printer:1
                        command: [/bin/printf, "<%s>\\\\n", COMMAND]
                        args: ["ARG 1", "ARG 2"]
                    """);

            pod.awaitPhase("Succeeded", TIMEOUT);

            assertThat(pod.container("image-only").stdout().lines()).containsExactly("[ENTRY]", "[CMD 1]", "[CMD 2]");
            assertThat(pod.container("args-only").stdout().lines()).containsExactly("[ENTRY]", "[ARG 1]");
            assertThat(pod.container("command-only").stdout().lines()).containsExactly("<COMMAND>");
            assertThat(pod.container("command-and-args").stdout().lines())
                    .containsExactly("<COMMAND>", "<ARG 1>", "<ARG 2>");
        }

        @Test
        void variablesAndEscapesExpanded() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: expansion}
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: c
                        image: busybox:1.36
                        command: [/bin/printf, "[%s]\\\\n"]
                        args: ["$(GREETING)", "$$(GREETING)", "$(UNDEFINED)", "$$HOME", "$(LATER)", "$(FROM_IMAGE)", "$("]
                        env:
                        - {name: NAME, value: world}
                        - {name: GREETING, value: "hello-$(NAME)-$(LATER)"}
                        - {name: LATER, value: later}
                    """);

            pod.awaitPhase("Succeeded", TIMEOUT);

            assertThat(pod.container("c").stdout().lines()).containsExactly(
                    "[hello-world-$(LATER)]", "[$(GREETING)]", "[$(UNDEFINED)]", "[$HOME]", "[later]",
                    "[$(FROM_IMAGE)]", "[$(]");
        }

        @Test
        void workingDirFromImageOrSpec() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: workdir}
                    spec:
                      restartPolicy: Never
                      containers:
                      - {name: from-image, image: "debian:12", command: [pwd]}
                      - {name: from-spec, image: "debian:12", command: [pwd], workingDir: /tmp}
                    """);

            pod.awaitPhase("Succeeded", TIMEOUT);

            assertThat(pod.container("from-image").stdout().lines()).containsExactly("/srv");
            assertThat(pod.container("from-spec").stdout().lines()).containsExactly("/tmp");
        }
    }

    @Nested
    class Environment {

        @Test
        void downwardApiAndImageEnv() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: downward
                      namespace: shop
                      labels: {app: web}
                      annotations: {crik.io/checkpoint-key: key-1}
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: c
                        image: busybox:1.36
                        command: [sh, -c, "env | sort; echo host=$(hostname)"]
                        env:
                        - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                        - {name: POD_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
                        - {name: POD_UID, valueFrom: {fieldRef: {fieldPath: metadata.uid}}}
                        - {name: NODE_NAME, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
                        - {name: APP, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}
                        - {name: KEY, valueFrom: {fieldRef: {fieldPath: "metadata.annotations['crik.io/checkpoint-key']"}}}
                        - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                        - {name: OVERRIDDEN, value: "spec"}
                    """);

            pod.awaitPhase("Succeeded", TIMEOUT);

            List<String> lines = pod.container("c").stdout().lines();
            assertThat(lines).contains("POD_NAME=downward", "POD_NAMESPACE=shop", "POD_UID=" + pod.uid(),
                    "NODE_NAME=node-a", "APP=web", "KEY=key-1", "POD_IP=127.0.0.1");
            assertThat(lines).contains("HOSTNAME=downward", "host=downward");
            assertThat(lines).contains("FROM_IMAGE=image", "OVERRIDDEN=spec");
            assertThat(lines).contains("PATH=" + EnvironmentBuilder.DEFAULT_PATH);
        }

        @Test
        void hostsAndHostnameFiles() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: files}
                    spec:
                      restartPolicy: Never
                      containers:
                      - {name: c, image: busybox:1.36, command: [sh, -c, "cat /etc/hostname; tail -n 1 /etc/hosts"]}
                    """);

            pod.awaitPhase("Succeeded", TIMEOUT);

            assertThat(pod.container("c").stdout().lines()).containsExactly("files", "127.0.0.1\tfiles");
        }
    }

    @Nested
    class InitContainers {

        @Test
        void runInOrderBeforeContainers() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: ordered}
                    spec:
                      restartPolicy: Never
                      volumes: [{name: shared, emptyDir: {}}]
                      initContainers:
                      - name: first
                        image: busybox:1.36
                        command: [sh, -c, "sleep 0.3; echo first >> /shared/order"]
                        volumeMounts: [{name: shared, mountPath: /shared}]
                      - name: second
                        image: busybox:1.36
                        command: [sh, -c, "echo second >> /shared/order"]
                        volumeMounts: [{name: shared, mountPath: /shared}]
                      containers:
                      - name: app
                        image: busybox:1.36
                        command: [sh, -c, "echo app >> /work/order; cat /work/order"]
                        volumeMounts: [{name: shared, mountPath: /work}]
                    """);

            pod.awaitPhase("Succeeded", TIMEOUT);

            assertThat(pod.container("app").stdout().lines()).containsExactly("first", "second", "app");
            assertThat(pod.container("first").lastExitCode()).hasValue(0);
            assertThat(pod.container("second").lastExitCode()).hasValue(0);
            assertThat(pod.status().getInitContainerStatuses()).extracting(ContainerStatus::getName)
                    .containsExactly("first", "second");
        }

        @Test
        void failingInitFailsPod() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: init-fails}
                    spec:
                      restartPolicy: Never
                      initContainers:
                      - {name: check, image: busybox:1.36, command: [sh, -c, "echo cannot start >&2; exit 3"]}
                      - {name: never-runs, image: busybox:1.36, command: ["true"]}
                      containers:
                      - {name: app, image: busybox:1.36, command: [sh, -c, "echo app ran"]}
                    """);

            pod.awaitPhase("Failed", TIMEOUT);

            assertThat(pod.awaitFinished(TIMEOUT)).isTrue();
            assertThat(pod.container("check").lastExitCode()).hasValue(3);
            assertThat(pod.container("check").stderr().lines()).containsExactly("cannot start");
            assertThat(pod.container("never-runs").containerId()).isEmpty();
            assertThat(pod.container("app").containerId()).isEmpty();
            assertThat(pod.container("app").status().getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        }

        @Test
        void failingInitRetriedOnFailurePolicy() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: init-retry}
                    spec:
                      restartPolicy: OnFailure
                      volumes: [{name: state, emptyDir: {}}]
                      initContainers:
                      - name: flaky
                        image: busybox:1.36
                        command: [sh, -c, "if [ -e /state/tried ]; then echo ok; else touch /state/tried; exit 1; fi"]
                        volumeMounts: [{name: state, mountPath: /state}]
                      containers:
                      - {name: app, image: busybox:1.36, command: [echo, done]}
                    """);

            pod.awaitPhase("Succeeded", TIMEOUT);

            assertThat(pod.container("flaky").restartCount()).isEqualTo(1);
            assertThat(pod.container("flaky").stdout().lines()).containsExactly("ok");
            assertThat(pod.container("app").stdout().lines()).containsExactly("done");
        }
    }

    @Nested
    class Images {

        @Test
        void layersStackTopFirst() throws Exception {
            Path layer = Files.createDirectories(work.resolve("app-layer"));
            Files.createDirectories(layer.resolve("app"));
            Files.writeString(layer.resolve("app/greeting"), "hello from the top layer\n");
            Files.createDirectories(layer.resolve("etc"));
            Files.writeString(layer.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1234:1234::/app:/bin/sh\n");
            fixture.images.add("registry.local/layered:1", List.of(layer, RootfsImages.require("busybox")),
                    ImageConfig.empty().withEntrypoint("sh", "-c", "cat /app/greeting; id -u").withUser("app"));

            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: layered}
                    spec:
                      restartPolicy: Never
                      containers: [{name: c, image: "registry.local/layered:1"}]
                    """);
            pod.awaitPhase("Succeeded", TIMEOUT);

            assertThat(pod.container("c").stdout().lines()).containsExactly("hello from the top layer", "1234");
            assertThat(RootfsImages.require("busybox").resolve("app")).doesNotExist();
        }
    }

    @Nested
    class Volumes {

        @Test
        void claimSubPathSharedBetweenNodes() throws Exception {
            fixture.claims.create("default", "checkpoints");
            LocalNode nodeB = fixture.node("node-b");
            String podYaml = """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: %s}
                    spec:
                      restartPolicy: Never
                      volumes: [{name: data, persistentVolumeClaim: {claimName: checkpoints}}]
                      containers:
                      - name: c
                        image: busybox:1.36
                        command: [sh, -c, "%s"]
                        volumeMounts: [{name: data, mountPath: /data, subPath: job-1/c}]
                    """;

            RunningPod first = node.run(PodManifests.parse(podYaml.formatted("writer", "hostname > /data/written-by")));
            first.awaitPhase("Succeeded", TIMEOUT);
            RunningPod second = nodeB.run(PodManifests.parse(podYaml.formatted("reader", "cat /data/written-by; ls /data")));
            second.awaitPhase("Succeeded", TIMEOUT);

            Path claim = fixture.claims.require("default", "checkpoints");
            assertThat(claim.resolve("job-1/c/written-by")).hasContent("writer");
            assertThat(second.container("c").stdout().lines()).containsExactly("writer", "written-by");
        }

        @Test
        void subPathExprAndReadOnlyMount() throws Exception {
            Path claim = fixture.claims.create("default", "config");
            Files.writeString(claim.resolve("settings"), "from claim\n");
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: expr-0}
                    spec:
                      restartPolicy: Never
                      volumes:
                      - {name: config, persistentVolumeClaim: {claimName: config}}
                      - {name: scratch, emptyDir: {}}
                      containers:
                      - name: c
                        image: busybox:1.36
                        command: [sh, -c, "cat /config/settings; touch /config/x 2>/dev/null || echo read-only; echo hi > /logs/out"]
                        env: [{name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
                        volumeMounts:
                        - {name: config, mountPath: /config, readOnly: true}
                        - {name: config, mountPath: /logs, subPathExpr: "logs/$(POD_NAME)"}
                    """);

            pod.awaitPhase("Succeeded", TIMEOUT);

            assertThat(pod.container("c").stdout().lines()).containsExactly("from claim", "read-only");
            assertThat(claim.resolve("logs/expr-0/out")).hasContent("hi");
            assertThat(claim.resolve("x")).doesNotExist();
        }

        @Test
        void missingClaimRejected() {
            assertThatThrownBy(() -> run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: no-claim}
                    spec:
                      volumes: [{name: data, persistentVolumeClaim: {claimName: absent}}]
                      containers: [{name: c, image: busybox:1.36, volumeMounts: [{name: data, mountPath: /data}]}]
                    """))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("persistentvolumeclaim \"absent\" not found");
        }

        @Test
        void unsupportedVolumeAndMissingImageRejected() {
            assertThatThrownBy(() -> run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: cm}
                    spec:
                      volumes: [{name: settings, configMap: {name: settings}}]
                      containers: [{name: c, image: busybox:1.36}]
                    """))
                    .isInstanceOf(UnsupportedPodException.class)
                    .hasMessageContaining("emptyDir or persistentVolumeClaim");
            assertThatThrownBy(() -> run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: no-image}
                    spec:
                      containers: [{name: c, image: "nginx:1.27"}]
                    """))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nginx:1.27")
                    .hasMessageContaining("not present");
        }
    }

    @Nested
    class Security {

        @Test
        void readOnlyRootFilesystem() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: read-only}
                    spec:
                      restartPolicy: Never
                      volumes: [{name: tmp, emptyDir: {}}]
                      containers:
                      - name: c
                        image: busybox:1.36
                        command: [sh, -c, "touch /written 2>/dev/null && echo root-writable || echo root-read-only; touch /tmp/ok && echo volume-writable"]
                        securityContext: {readOnlyRootFilesystem: true}
                        volumeMounts: [{name: tmp, mountPath: /tmp}]
                    """);

            pod.awaitPhase("Succeeded", TIMEOUT);

            assertThat(pod.container("c").stdout().lines()).containsExactly("root-read-only", "volume-writable");
        }

        @Test
        void capabilitiesVisibleInStatus() {
            // Bits in CapEff: NET_RAW 13, SYS_PTRACE 19, SYS_ADMIN 21, CHOWN 0.
            String showBits = "eff=0x$(grep CapEff /proc/self/status | cut -f2); "
                    + "for bit in 0 13 19 21; do echo \"$bit=$(( (eff >> bit) & 1 ))\"; done";
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: caps}
                    spec:
                      restartPolicy: Never
                      containers:
                      - {name: defaults, image: busybox:1.36, command: [sh, -c, '%1$s']}
                      - name: changed
                        image: busybox:1.36
                        command: [sh, -c, '%1$s']
                        securityContext: {capabilities: {add: [SYS_PTRACE], drop: [NET_RAW]}}
                      - name: minimal
                        image: busybox:1.36
                        command: [sh, -c, '%1$s']
                        securityContext: {capabilities: {add: [SYS_ADMIN], drop: [ALL]}}
                    """.formatted(showBits));

            pod.awaitPhase("Succeeded", TIMEOUT);

            assertThat(pod.container("defaults").stdout().lines()).containsExactly("0=1", "13=1", "19=0", "21=0");
            assertThat(pod.container("changed").stdout().lines()).containsExactly("0=1", "13=0", "19=1", "21=0");
            assertThat(pod.container("minimal").stdout().lines()).containsExactly("0=0", "13=0", "19=0", "21=1");
        }

        @Test
        void seccompFilterPresentOrNot() {
            String showSeccomp = "grep -E '^Seccomp:' /proc/self/status";
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: seccomp}
                    spec:
                      restartPolicy: Never
                      containers:
                      - {name: unset, image: busybox:1.36, command: [sh, -c, "%1$s"]}
                      - name: runtime-default
                        image: busybox:1.36
                        command: [sh, -c, "%1$s"]
                        securityContext: {seccompProfile: {type: RuntimeDefault}}
                      - name: unconfined
                        image: busybox:1.36
                        command: [sh, -c, "%1$s"]
                        securityContext: {seccompProfile: {type: Unconfined}}
                    """.formatted(showSeccomp));
            LocalNode withoutDefault = fixture.node("node-no-seccomp-default", NodeOptions.defaults().withSeccompDefault(false));
            RunningPod unsetThere = withoutDefault.run(PodManifests.parse("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: seccomp-unset}
                    spec:
                      restartPolicy: Never
                      containers: [{name: unset, image: busybox:1.36, command: [sh, -c, "%s"]}]
                    """.formatted(showSeccomp)));

            pod.awaitPhase("Succeeded", TIMEOUT);
            unsetThere.awaitPhase("Succeeded", TIMEOUT);

            assertThat(pod.container("unset").stdout().lines()).containsExactly("Seccomp:\t2");
            assertThat(pod.container("runtime-default").stdout().lines()).containsExactly("Seccomp:\t2");
            assertThat(pod.container("unconfined").stdout().lines()).containsExactly("Seccomp:\t0");
            assertThat(unsetThere.container("unset").stdout().lines()).containsExactly("Seccomp:\t0");
        }

        @Test
        void usersAndNoNewPrivileges() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: users}
                    spec:
                      restartPolicy: Never
                      securityContext: {runAsUser: 1000, runAsGroup: 2000}
                      containers:
                      - name: pod-level
                        image: "debian:12"
                        command: [sh, -c, "echo $(id -u):$(id -g); grep NoNewPrivs /proc/self/status"]
                        securityContext: {allowPrivilegeEscalation: false}
                      - name: container-level
                        image: "debian:12"
                        command: [sh, -c, "echo $(id -u):$(id -g); grep NoNewPrivs /proc/self/status"]
                        securityContext: {runAsUser: 0}
                    """);

            pod.awaitPhase("Succeeded", TIMEOUT);

            assertThat(pod.container("pod-level").stdout().lines()).containsExactly("1000:2000", "NoNewPrivs:\t1");
            assertThat(pod.container("container-level").stdout().lines()).containsExactly("0:2000", "NoNewPrivs:\t0");
        }
    }

    @Nested
    class Sandbox {

        @Test
        void containersShareLocalhostAndIpc() {
            // The client keeps stdin open for a second: busybox nc can quit at stdin's end before the reply.
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: pair}
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: server
                        image: busybox:1.36
                        command: [sh, -c, "readlink /proc/self/ns/ipc; echo pong | nc -l -p 7070"]
                      - name: client
                        image: busybox:1.36
                        command: [sh, -c, "readlink /proc/self/ns/ipc; for i in $(seq 30); do sleep 1 | nc 127.0.0.1 7070 && exit 0; sleep 0.1; done; exit 1"]
                    """);

            pod.awaitPhase("Succeeded", TIMEOUT);

            List<String> client = pod.container("client").stdout().lines();
            List<String> server = pod.container("server").stdout().lines();
            assertThat(client).hasSize(2);
            assertThat(client.get(1)).isEqualTo("pong");
            assertThat(client.get(0)).as("same IPC namespace").isEqualTo(server.get(0));
        }

        @Test
        void portForwardReachesHostLoopback() throws Exception {
            HttpServer host = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            host.createContext("/hello", exchange -> {
                byte[] body = "hello from the host\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            host.start();
            try {
                LocalNode forwarding = fixture.node("node-forward",
                        NodeOptions.defaults().withPortForward(18080, host.getAddress().getPort()));
                String yaml = """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: NAME}
                        spec:
                          restartPolicy: Never
                          containers: [{name: c, image: busybox:1.36, command: [wget, -q, -O, "-", "http://127.0.0.1:18080/hello"]}]
                        """;

                RunningPod first = forwarding.run(PodManifests.parse(yaml.replace("NAME", "first")));
                RunningPod second = forwarding.run(PodManifests.parse(yaml.replace("NAME", "second")));
                first.awaitPhase("Succeeded", TIMEOUT);
                second.awaitPhase("Succeeded", TIMEOUT);

                assertThat(first.container("c").stdout().lines()).containsExactly("hello from the host");
                assertThat(second.container("c").stdout().lines()).containsExactly("hello from the host");
            } finally {
                host.stop(0);
            }
        }

        @Test
        void noForwardWithoutOption() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: no-forward}
                    spec:
                      restartPolicy: Never
                      containers: [{name: c, image: busybox:1.36, command: [sh, -c, "nc -w 2 127.0.0.1 18080 </dev/null"]}]
                    """);

            pod.awaitPhase("Failed", TIMEOUT);

            assertThat(pod.container("c").stderr().text()).contains("refused");
        }

        @Test
        void podsAreIsolated() {
            RunningPod server = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: lonely-server}
                    spec:
                      containers: [{name: s, image: busybox:1.36, command: [sh, -c, "echo pong | nc -l -p 7071"]}]
                    """);
            server.container("s").awaitRunning(TIMEOUT);
            RunningPod other = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: other}
                    spec:
                      restartPolicy: Never
                      containers: [{name: c, image: busybox:1.36, command: [sh, -c, "sleep 0.5; nc 127.0.0.1 7071 </dev/null"]}]
                    """);

            other.awaitPhase("Failed", TIMEOUT);

            assertThat(other.container("c").stdout().lines()).isEmpty();
            assertThat(other.container("c").lastExitCode()).isPresent();
            assertThat(other.container("c").lastExitCode().getAsInt()).isNotZero();
        }

        @Test
        void deletionRemovesNamespacesAndMounts() throws Exception {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: cleanup}
                    spec:
                      terminationGracePeriodSeconds: 1
                      volumes: [{name: mem, emptyDir: {medium: Memory}}]
                      containers:
                      - {name: c, image: busybox:1.36, command: [sleep, "600"], volumeMounts: [{name: mem, mountPath: /mem}]}
                    """);
            pod.container("c").awaitRunning(TIMEOUT);
            String mountsBefore = Files.readString(Path.of("/proc/self/mountinfo"));
            assertThat(mountsBefore).contains(pod.directory().toString());

            pod.delete();

            String mountsAfter = Files.readString(Path.of("/proc/self/mountinfo"));
            assertThat(mountsAfter).doesNotContain(pod.directory().toString());
            assertThat(new String(new ProcessBuilder("ip", "netns", "list").start().getInputStream().readAllBytes()))
                    .doesNotContain("-" + pod.uid().replace("-", "").substring(0, 8) + "-");
            assertThat(pod.directory().resolve("volumes")).doesNotExist();
            // sleep as process 1 of its PID namespace has no SIGTERM handler, so the kernel drops SIGTERM.
            assertThat(pod.container("c").lastExitCode()).hasValue(137);
        }
    }

    @Nested
    class StatusAndLogs {

        @Test
        void exitCodesLogsAndPhase() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: status}
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: ok
                        image: busybox:1.36
                        command: [sh, -c, "echo out; echo err >&2"]
                      - name: fails
                        image: busybox:1.36
                        command: [sh, -c, "echo giving up > /dev/termination-log; exit 7"]
                      - name: fallback
                        image: busybox:1.36
                        command: [sh, -c, "echo last words; exit 2"]
                        terminationMessagePolicy: FallbackToLogsOnError
                    """);

            pod.awaitPhase("Failed", TIMEOUT);

            assertThat(pod.container("ok").stdout().lines()).containsExactly("out");
            assertThat(pod.container("ok").stderr().lines()).containsExactly("err");
            var okState = pod.container("ok").status().getState().getTerminated();
            assertThat(okState.getExitCode()).isZero();
            assertThat(okState.getReason()).isEqualTo("Completed");
            var failed = pod.container("fails").status().getState().getTerminated();
            assertThat(failed.getExitCode()).isEqualTo(7);
            assertThat(failed.getReason()).isEqualTo("Error");
            assertThat(failed.getMessage()).isEqualTo("giving up\n");
            assertThat(pod.container("fallback").status().getState().getTerminated().getMessage()).isEqualTo("last words");
        }

        @Test
        void runningThenSucceeded() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: phases}
                    spec:
                      restartPolicy: Never
                      volumes: [{name: ctl, emptyDir: {}}]
                      containers:
                      - name: c
                        image: busybox:1.36
                        command: [sh, -c, "echo started; while [ ! -e /ctl/stop ]; do sleep 0.1; done"]
                        volumeMounts: [{name: ctl, mountPath: /ctl}]
                    """);
            awaitLog(pod.container("c").stdout(), "started");

            assertThat(pod.phase()).isEqualTo("Running");
            assertThat(pod.status().getContainerStatuses().get(0).getReady()).isTrue();
            ExecResult stop = pod.container("c").exec(TIMEOUT, "touch", "/ctl/stop");
            assertThat(stop.exitCode()).as(stop.toString()).isZero();

            pod.awaitPhase("Succeeded", TIMEOUT);
            assertThat(pod.awaitFinished(TIMEOUT)).isTrue();
        }

        @Test
        void onFailureRestartsWithPreviousLogs() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: restarts}
                    spec:
                      restartPolicy: OnFailure
                      volumes: [{name: state, emptyDir: {}}]
                      containers:
                      - name: c
                        image: busybox:1.36
                        command: [sh, -c, "if [ -e /state/once ]; then echo second; else touch /state/once; echo first; exit 4; fi"]
                        volumeMounts: [{name: state, mountPath: /state}]
                    """);

            pod.awaitPhase("Succeeded", TIMEOUT);

            LocalContainer container = pod.container("c");
            assertThat(container.restartCount()).isEqualTo(1);
            assertThat(container.stdout(0).lines()).containsExactly("first");
            assertThat(container.stdout().lines()).containsExactly("second");
            assertThat(container.status().getLastState().getTerminated().getExitCode()).isEqualTo(4);
        }

        @Test
        void alwaysRestartsWithBackoff() {
            LocalNode fast = fixture.node("node-fast", NodeOptions.defaults()
                    .withRestartBackoff(Duration.ofMillis(500), Duration.ofSeconds(2)));
            RunningPod pod = fast.run(PodManifests.parse("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: crash-loop}
                    spec:
                      terminationGracePeriodSeconds: 2
                      containers: [{name: c, image: busybox:1.36, command: [sh, -c, "echo run; exit 1"]}]
                    """));

            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (pod.container("c").restartCount() < 3 && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(50));
            }

            assertThat(pod.container("c").restartCount()).isGreaterThanOrEqualTo(3);
            assertThat(pod.phase()).isEqualTo("Running");
            assertThat(pod.events()).anyMatch(event -> event.reason().equals("BackOff"));
            pod.delete();
            assertThat(pod.phase()).isEqualTo("Failed");
        }
    }

    @Nested
    class Termination {

        /** A container that reports SIGTERM on its output and keeps running. */
        static final String IGNORES_TERM = "trap 'echo TERM' TERM; echo ready; while true; do sleep 0.1; done";

        @Test
        void preStopRunsBeforeSigtermAndCounts() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: prestop}
                    spec:
                      terminationGracePeriodSeconds: 6
                      containers:
                      - name: c
                        image: busybox:1.36
                        command: [sh, -c, "%s"]
                        lifecycle:
                          preStop:
                            exec: {command: [sh, -c, "echo prestop > /proc/1/fd/1; sleep 3; echo prestop-done > /proc/1/fd/1"]}
                    """.formatted(IGNORES_TERM));
            ContainerLog log = awaitLog(pod.container("c").stdout(), "ready");

            long start = System.nanoTime();
            CompletableFuture<Void> deletion = pod.deleteAsync(null);
            log.awaitLine("TERM"::equals, TIMEOUT);
            double termAfter = seconds(start);
            deletion.join();
            double killedAfter = seconds(start);

            assertThat(log.lines()).containsSubsequence("ready", "prestop", "prestop-done", "TERM");
            assertThat(termAfter).as("SIGTERM once preStop finished").isBetween(2.9, 4.5);
            assertThat(killedAfter).as("SIGKILL at the 6 s grace deadline, preStop included").isBetween(5.9, 8.0);
            assertThat(pod.container("c").lastExitCode()).hasValue(137);
        }

        @Test
        void sigkillAtGraceDeadline() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: stubborn}
                    spec:
                      terminationGracePeriodSeconds: 3
                      containers: [{name: c, image: busybox:1.36, command: [sh, -c, "%s"]}]
                    """.formatted(IGNORES_TERM));
            ContainerLog log = awaitLog(pod.container("c").stdout(), "ready");

            long start = System.nanoTime();
            pod.delete();
            double elapsed = seconds(start);

            assertThat(log.lines()).contains("TERM");
            assertThat(elapsed).isBetween(2.9, 5.0);
            assertThat(pod.container("c").lastExitCode()).hasValue(137);
            assertThat(pod.phase()).isEqualTo("Failed");
        }

        @Test
        void hangingPreStopStillGetsMinimumWindow() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: hanging-hook}
                    spec:
                      terminationGracePeriodSeconds: 2
                      containers:
                      - name: c
                        image: busybox:1.36
                        command: [sh, -c, "%s"]
                        lifecycle: {preStop: {exec: {command: [sleep, "600"]}}}
                    """.formatted(IGNORES_TERM));
            ContainerLog log = awaitLog(pod.container("c").stdout(), "ready");

            long start = System.nanoTime();
            pod.delete();
            double elapsed = seconds(start);

            assertThat(log.lines()).contains("TERM");
            // The upper bound leaves room for runc, which took up to 2 s here to reap a container
            // that still had an exec'd process when SIGKILL came.
            assertThat(elapsed).as("2 s for the hook, then the 2 s minimum after SIGTERM").isBetween(3.9, 8.0);
            assertThat(pod.events()).anyMatch(event -> event.reason().equals("FailedPreStopHook")
                    && event.message().contains("not completed in grace period"));
        }

        @Test
        void gracefulExitOnSigterm() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: graceful}
                    spec:
                      containers:
                      - name: c
                        image: busybox:1.36
                        command: [sh, -c, "trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 0.1; done"]
                    """);
            awaitLog(pod.container("c").stdout(), "ready");

            long start = System.nanoTime();
            pod.delete();

            assertThat(seconds(start)).isLessThan(2.0);
            assertThat(pod.container("c").stdout().lines()).containsExactly("ready", "bye");
            assertThat(pod.container("c").lastExitCode()).hasValue(0);
            assertThat(pod.phase()).isEqualTo("Succeeded");
        }

        @Test
        void sleepAndHttpGetHooks() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: hooks}
                    spec:
                      terminationGracePeriodSeconds: 10
                      containers:
                      - name: web
                        image: busybox:1.36
                        command: [sh, -c, "trap 'echo TERM; exit 0' TERM; echo ready; printf 'HTTP/1.0 200 OK\\\\r\\\\n\\\\r\\\\n' | nc -l -p 8080 & wait; while true; do sleep 0.1; done"]
                        ports: [{name: http, containerPort: 8080}]
                        lifecycle:
                          preStop: {httpGet: {path: /drain, port: http, httpHeaders: [{name: X-Reason, value: shutdown}]}}
                      - name: sleeper
                        image: busybox:1.36
                        command: [sh, -c, "trap 'echo TERM; exit 0' TERM; echo ready; while true; do sleep 0.1; done"]
                        lifecycle: {preStop: {sleep: {seconds: 2}}}
                    """);
            ContainerLog web = awaitLog(pod.container("web").stdout(), "ready");
            ContainerLog sleeper = awaitLog(pod.container("sleeper").stdout(), "ready");

            long start = System.nanoTime();
            CompletableFuture<Void> deletion = pod.deleteAsync(null);
            sleeper.awaitLine("TERM"::equals, TIMEOUT);
            double sleeperTerm = seconds(start);
            deletion.join();

            assertThat(web.lines()).anyMatch(line -> line.startsWith("GET /drain HTTP/1.1"));
            assertThat(web.lines()).anyMatch(line -> line.strip().equals("X-Reason: shutdown"));
            assertThat(web.lines()).last().isEqualTo("TERM");
            assertThat(sleeperTerm).isBetween(1.9, 3.5);
        }

        @Test
        void nodeShutdownTerminatesEveryPod() {
            RunningPod first = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: first}
                    spec:
                      containers:
                      - name: c
                        image: busybox:1.36
                        command: [sh, -c, "trap 'echo TERM; exit 0' TERM; echo ready; while true; do sleep 0.1; done"]
                        lifecycle: {preStop: {exec: {command: [sh, -c, "echo prestop > /proc/1/fd/1"]}}}
                    """);
            RunningPod second = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: second}
                    spec:
                      terminationGracePeriodSeconds: 2
                      containers: [{name: c, image: busybox:1.36, command: [sh, -c, "%s"]}]
                    """.formatted(IGNORES_TERM));
            awaitLog(first.container("c").stdout(), "ready");
            awaitLog(second.container("c").stdout(), "ready");
            assertThat(node.readyCondition().getStatus()).isEqualTo("True");

            node.shutdown();

            assertThat(node.readyCondition().getStatus()).isEqualTo("False");
            assertThat(node.readyCondition().getMessage()).isEqualTo("node is shutting down");
            assertThat(first.container("c").stdout().lines()).containsExactly("ready", "prestop", "TERM");
            assertThat(second.container("c").lastExitCode()).hasValue(137);
            for (RunningPod pod : List.of(first, second)) {
                assertThat(pod.isFinished()).isTrue();
                assertThat(pod.phase()).isEqualTo("Failed");
                assertThat(pod.status().getReason()).isEqualTo("Terminated");
                assertThat(pod.status().getConditions()).anyMatch(condition -> condition.getType().equals("DisruptionTarget"));
            }
            assertThatThrownBy(() -> run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: late}
                    spec: {containers: [{name: c, image: busybox:1.36}]}
                    """)).isInstanceOf(IllegalStateException.class).hasMessageContaining("shutting down");
        }

        @Test
        void destroySkipsHooksAndGrace() {
            RunningPod pod = run("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: lost}
                    spec:
                      terminationGracePeriodSeconds: 30
                      containers:
                      - name: c
                        image: busybox:1.36
                        command: [sh, -c, "%s"]
                        lifecycle: {preStop: {exec: {command: [sh, -c, "echo prestop > /proc/1/fd/1; sleep 20"]}}}
                    """.formatted(IGNORES_TERM));
            ContainerLog log = awaitLog(pod.container("c").stdout(), "ready");

            long start = System.nanoTime();
            node.destroy();

            assertThat(seconds(start)).isLessThan(5.0);
            assertThat(pod.isFinished()).isTrue();
            assertThat(log.lines()).containsExactly("ready");
            assertThat(pod.container("c").lastExitCode()).hasValue(137);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
