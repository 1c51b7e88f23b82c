package io.crik.wrapper.it;

import static io.crik.wrapper.it.CheckpointRestoreIT.BUSYBOX_COUNTER;
import static io.crik.wrapper.it.WrapperFixture.TIMEOUT;
import static io.crik.wrapper.it.WrapperFixture.awaitMoreCounts;
import static io.crik.wrapper.it.WrapperFixture.logLine;
import static org.assertj.core.api.Assertions.assertThat;

import io.crik.runc.ExecResult;
import io.crik.runc.Mount;
import io.crik.runc.RuncContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wrapper's duties as PID 1, its environment hygiene and its other subcommands. */
class Pid1IT extends WrapperContainerTest {


    @Test
    void unsetKeyFallbackIsLogged() throws Exception {
        RuncContainer container = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER)
                .env("CRIK_CHECKPOINT_KEY", ""));
        awaitMoreCounts(container, 1);

        assertThat(logLine(container, "crik: info: CRIK_CHECKPOINT_KEY is not set"))
                .contains("log lines use the fallback key=app: the container name from CRIK_CONTAINER_NAME");
        assertThat(logLine(container, "crik: info: started ")).contains("key=app ");
    }

    @Test
    void daemonizingChildLeavesNoZombies() throws Exception {
        String app = "for i in 1 2 3 4 5; do (sleep 0.1 &); done; echo spawned; sleep 600";
        RuncContainer container = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", app));
        container.stdout().awaitLine(line -> line.equals("spawned"), TIMEOUT);
        Thread.sleep(1000);

        ExecResult processes = container.exec(TIMEOUT, "ps", "-o", "pid,ppid,stat,comm");

        assertThat(processes.stdout()).contains("sleep");
        assertThat(processes.stdout().lines().skip(1).map(line -> line.trim().split("\\s+")[2]))
                .as(processes.stdout()).noneMatch(state -> state.startsWith("Z"));
    }

    @Test
    void signalsReachTheApp() throws Exception {
        StringBuilder app = new StringBuilder();
        for (String signal : List.of("TERM", "INT", "HUP", "QUIT", "USR1", "USR2")) {
            app.append("trap 'echo got ").append(signal).append("' ").append(signal).append("; ");
        }
        app.append("echo trapped; while true; do sleep 0.05; done");
        RuncContainer container = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", app.toString())
                .env("CRIK_NODE_STATE_UNKNOWN", "skip"));
        container.stdout().awaitLine(line -> line.equals("trapped"), TIMEOUT);

        for (String signal : List.of("TERM", "INT", "HUP", "QUIT", "USR1", "USR2")) {
            assertThat(container.kill(signal).succeeded()).isTrue();
            container.stdout().awaitLine(line -> line.equals("got " + signal), TIMEOUT);
        }

        assertThat(logLine(container, "crik: info: checkpoint request from SIGTERM")).contains("not checkpointing");
        assertThat(container.isRunning()).isTrue();
    }

    @Test
    void sigtermCheckpointsLikeThePreStopHook() throws Exception {
        RuncContainer container = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER));
        awaitMoreCounts(container, 3);

        container.kill("TERM");

        assertThat(container.awaitExit(TIMEOUT)).hasValue(75);
        assertThat(logLine(container, "crik: info: checkpointed ")).contains("checkpoint=000001");
        String manifest = Files.readString(fixture.checkpointDir().resolve("checkpoints/000001/manifest.properties"));
        assertThat(manifest).contains("criu.stats.memory_pages_written=").contains("criu.version=4.2")
                .contains("stdio.stdout=pipe\\:[").contains("app.pid=").contains("command.0=sh");

        RuncContainer inspect = fixture.start(io.crik.runc.ContainerSpec.builder("crik-inspect-" + ProcessHandle.current().pid(),
                        io.crik.runc.RootfsImages.require("busybox"))
                .readOnlyRootfs(true)
                .args("/crik/bin/crik", "inspect", "/volume")
                .mount(Mount.readOnly(WrapperFixture.bundle(), "/crik"))
                .mount(Mount.readOnly(fixture.checkpointDir(), "/volume")));
        assertThat(inspect.awaitExit(TIMEOUT)).as(inspect.stderr().text()).hasValue(0);
        assertThat(inspect.stdout().lines()).contains("/volume:", "  checkpoint 000001: restored 0 times",
                "    checkpoint.key = it", "    container = app");
    }

    @Test
    void skippedCheckpointRunsUserHookAndForwardsSigterm() throws Exception {
        RuncContainer container = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", BUSYBOX_COUNTER)
                .env("CRIK_NODE_STATE_UNKNOWN", "skip"));
        awaitMoreCounts(container, 3);

        ExecResult hook = container.exec(TIMEOUT, "/crik/bin/crik", "checkpoint", "--", "sh", "-c", "echo user hook ran");
        container.kill("TERM");

        assertThat(hook.exitCode()).as(hook.toString()).isZero();
        assertThat(hook.stdout()).contains("crik: skipped no checkpoint").contains("user hook ran");
        assertThat(container.awaitExit(TIMEOUT)).hasValue(143);
        assertThat(logLine(container, "crik: info: forwarded SIGTERM")).contains("pid");
    }

    @Test
    void appGetsCleanEnvironmentAndFds() throws Exception {
        RuncContainer container = fixture.startAndAwaitApp(fixture.spec("busybox", "sh", "-c", "env; exec sleep 600")
                .env("JAVA_TOOL_OPTIONS", "-XX:+NoSuchOption")
                .env("LD_PRELOAD", "/no/such/library.so")
                .env("GREETING", "hello"));
        container.stdout().awaitLine(line -> line.startsWith("GREETING="), TIMEOUT);
        int pid = WrapperFixture.appPid(container);

        String fds = container.exec(TIMEOUT, "ls", "/proc/" + pid + "/fd").stdout();
        String stdin = container.exec(TIMEOUT, "readlink", "/proc/" + pid + "/fd/0").stdout().strip();
        String stat = container.exec(TIMEOUT, "cat", "/proc/" + pid + "/stat").stdout();

        List<String> lines = container.stdout().lines();
        assertThat(lines).contains("JAVA_TOOL_OPTIONS=-XX:+NoSuchOption", "LD_PRELOAD=/no/such/library.so", "GREETING=hello");
        assertThat(lines).noneMatch(line -> line.startsWith("_JAVA_SR_SIGNUM") || line.startsWith("CRIK_LAUNCHER_SAVED_"));
        assertThat(fds.lines().toList()).containsExactlyInAnyOrder("0", "1", "2");
        assertThat(stdin).isEqualTo("/dev/null");
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertThat(fields[3]).as("session of " + stat).isEqualTo(Integer.toString(pid));
    }

    @Test
    void installCopiesWorkingBundle() throws Exception {
        Path target = Files.createDirectories(work.resolve("bundle-volume"));
        RuncContainer installer = fixture.start(io.crik.runc.ContainerSpec.builder("crik-install-" + ProcessHandle.current().pid(),
                        io.crik.runc.RootfsImages.require("busybox"))
                .readOnlyRootfs(true)
                .args("/crik/bin/crik", "install", "/crik-install")
                .mount(Mount.readOnly(WrapperFixture.bundle(), "/crik"))
                .mount(Mount.bind(target, "/crik-install")));
        assertThat(installer.awaitExit(TIMEOUT)).as(installer.stderr().text()).hasValue(0);
        assertThat(installer.stdout().text()).contains("installed the bundle into /crik-install");

        RuncContainer version = fixture.start(io.crik.runc.ContainerSpec.builder("crik-version-" + ProcessHandle.current().pid(),
                        io.crik.runc.RootfsImages.require("busybox"))
                .readOnlyRootfs(true)
                .args("/crik/bin/crik", "version")
                .mount(Mount.bind(target, "/crik")));

        assertThat(version.awaitExit(TIMEOUT)).as(version.stderr().text()).hasValue(0);
        assertThat(version.stdout().text()).contains("bundle criu=4.2").contains("sharing");
        assertThat(target.resolve("run")).isDirectory();
    }
}
