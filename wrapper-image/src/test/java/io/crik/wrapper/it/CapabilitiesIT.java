package io.crik.wrapper.it;

import static io.crik.wrapper.it.CheckpointRestoreIT.BUSYBOX_COUNTER;
import static io.crik.wrapper.it.CheckpointRestoreIT.PYTHON_COUNTER;
import static io.crik.wrapper.it.WrapperFixture.TIMEOUT;
import static io.crik.wrapper.it.WrapperFixture.awaitMoreCounts;
import static org.assertj.core.api.Assertions.assertThat;

import io.crik.runc.ContainerSpec;
import io.crik.runc.ExecResult;
import io.crik.runc.RuncContainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The capabilities that CRIU needs in a container besides containerd's defaults, and of those
 * defaults when a container drops ALL, shown by leaving one out at a time: each test checkpoints
 * in one container and restores in another.
 */
class CapabilitiesIT extends WrapperContainerTest {

    /** The webhook's default crik.webhook.capabilities. */
    private static final List<String> INJECTED = List.of("SYS_ADMIN", "SYS_PTRACE", "NET_ADMIN", "SYS_TIME");
    /** The webhook's default crik.webhook.runtime-default-capabilities. */
    private static final List<String> RUNTIME_DEFAULTS_FOR_CRIU = List.of("SETPCAP", "SYS_CHROOT");

    @Test
    void dumpNeedsSysAdmin() throws Exception {
        String outcome = checkpointAndRestoreWithout("SYS_ADMIN", "busybox", "sh", "-c", BUSYBOX_COUNTER);

        assertThat(outcome).startsWith("dump failed").contains("Unable create a network namespace");
    }

    @Test
    void restoreNeedsNetAdmin() throws Exception {
        String outcome = checkpointAndRestoreWithout("NET_ADMIN", "busybox", "sh", "-c", BUSYBOX_COUNTER);

        assertThat(outcome).startsWith("restore failed").contains("SO_SNDBUFFORCE");
    }

    @Test
    void restoreNeedsSysTime() throws Exception {
        String outcome = checkpointAndRestoreWithout("SYS_TIME", "busybox", "sh", "-c", BUSYBOX_COUNTER);

        assertThat(outcome).startsWith("restore failed").contains("Unable to set a monotonic clock offset");
    }

    @Test
    void rootAppNeedsNoSysPtrace() throws Exception {
        String outcome = checkpointAndRestoreWithout("SYS_PTRACE", "busybox", "sh", "-c", BUSYBOX_COUNTER);

        assertThat(outcome).isEqualTo("restored");
    }

    @Test
    void otherUsersAppNeedsSysResource() throws Exception {
        // Reading the limits of another user's process (prlimit) needs CAP_SYS_RESOURCE, which
        // this test machine cannot grant, so the dump fails even with every capability added here.
        String outcome = checkpointAndRestoreWithout("", "debian",
                "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "python3", "-c", PYTHON_COUNTER);

        assertThat(outcome).startsWith("dump failed").contains("Can't get rlimit 0: Operation not permitted");
    }

    @Test
    void checkpointRestoreIsCoveredBySysAdmin() throws Exception {
        String outcome = checkpointAndRestoreWithout("CHECKPOINT_RESTORE", "busybox", "sh", "-c", BUSYBOX_COUNTER);

        assertThat(outcome).isEqualTo("restored");
    }

    @Test
    void dropAllWithRuntimeDefaultsRestores() throws Exception {
        String outcome = checkpointAndRestore(() -> dropAllWith(RUNTIME_DEFAULTS_FOR_CRIU));

        assertThat(outcome).isEqualTo("restored");
    }

    @Test
    void dropAllRestoreNeedsSysChroot() throws Exception {
        String outcome = checkpointAndRestore(() -> dropAllWith(List.of("SETPCAP")));

        assertThat(outcome).startsWith("restore failed").contains("Can't change root: Operation not permitted");
    }

    @Test
    void dropAllRestoreNeedsSetpcap() throws Exception {
        String outcome = checkpointAndRestore(() -> dropAllWith(List.of("SYS_CHROOT")));

        assertThat(outcome).startsWith("restore failed").contains("Can't stop all tasks on rt_sigreturn");
    }

    @Test
    void missingCapabilityIsReportedAtStart() throws Exception {
        RuncContainer container = fixture.startAndAwaitApp(dropAllWith(List.of()));

        String warning = container.stderr().awaitLine(line -> line.startsWith("crik: warn: the container lacks"), TIMEOUT);
        container.kill("KILL");

        assertThat(warning).contains("SETPCAP (restore), SYS_CHROOT (restore)").doesNotContain("SYS_ADMIN");
    }

    @Test
    void noNewPrivilegesNeedsNoSetpcap() throws Exception {
        RuncContainer container = fixture.startAndAwaitApp(dropAllWith(List.of()).noNewPrivileges(true));

        String warning = container.stderr().awaitLine(line -> line.startsWith("crik: warn: the container lacks"), TIMEOUT);
        container.kill("KILL");

        assertThat(warning).contains("SYS_CHROOT (restore)").doesNotContain("SETPCAP");
    }

    /** Returns "restored", or how the dump or the restore failed, with CRIU's errors. */
    private String checkpointAndRestoreWithout(String missing, String image, String... command) throws Exception {
        return checkpointAndRestore(() -> without(missing, image, command));
    }

    private String checkpointAndRestore(SpecSource spec) throws Exception {
        io.crik.wrapper.checkpoint.CheckpointStore.deleteTree(fixture.checkpointDir().resolve("checkpoints"));
        RuncContainer first = fixture.startAndAwaitApp(spec.get());
        awaitMoreCounts(first, 3);
        ExecResult checkpoint = WrapperFixture.checkpoint(first);
        if (checkpoint.exitCode() != 0) {
            first.kill("KILL");
            return "dump failed: " + checkpoint.stdout();
        }
        first.awaitExit(TIMEOUT);

        RuncContainer second = fixture.start(spec.get());
        String result = second.stderr().awaitLine(line -> line.startsWith("crik: info: restored ")
                || line.startsWith("crik: error: CRIU restore failed"), TIMEOUT);
        second.kill("KILL");
        return result.startsWith("crik: info: restored ") ? "restored" : "restore failed: " + result;
    }

    /**
     * Returns a busybox counter that drops ALL and adds the webhook's default capabilities plus
     * {@code runtimeDefaults}.
     */
    private ContainerSpec.Builder dropAllWith(List<String> runtimeDefaults) throws Exception {
        List<String> added = new ArrayList<>(INJECTED);
        added.addAll(runtimeDefaults);
        return fixture.spec(added, "busybox", "sh", "-c", BUSYBOX_COUNTER).dropCapabilities("ALL");
    }

    /** A container spec made anew for each container, because each one gets its own root file system. */
    @FunctionalInterface
    private interface SpecSource {
        ContainerSpec.Builder get() throws Exception;
    }

    private ContainerSpec.Builder without(String missing, String image, String... command) throws Exception {
        List<String> kept = new ArrayList<>(Arrays.asList(WrapperFixture.CRIU_CAPABILITIES));
        kept.remove(missing);
        return fixture.spec(kept, image, command);
    }
}
