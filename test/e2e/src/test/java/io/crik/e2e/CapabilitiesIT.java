package io.crik.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.crik.node.LocalContainer;
import io.crik.node.LocalNode;
import io.crik.runc.ExecResult;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The capabilities the webhook adds by default are the smallest set that carries the counter Job
 * across a node loss. Leaving out SYS_ADMIN, NET_ADMIN or SYS_TIME through
 * {@code crik.webhook.capabilities} breaks the dump or the restore, and the replacement starts
 * counting from 1.
 *
 * <p>SYS_PTRACE stays in the default set for nodes that run the Yama LSM, as Ubuntu's kernels
 * do. In Yama's default mode, ptrace_scope 1, a process may attach only to its own descendants
 * unless it has CAP_SYS_PTRACE, and CRIU is the app's sibling (both are children of the wrapper).
 * The test machines have no Yama ({@code /proc/sys/kernel/yama} is absent), so no test here can
 * show that need. {@link #sysPtraceUnneededWithoutYama} records what these machines show instead,
 * and is skipped where Yama is present.
 *
 * <p>A container that drops ALL also loses containerd's defaults. Of those, CRIU needs SETPCAP and
 * SYS_CHROOT to restore, which the webhook adds back through
 * {@code crik.webhook.runtime-default-capabilities}. A hardened container, which also sets
 * {@code allowPrivilegeEscalation: false} and {@code readOnlyRootFilesystem: true}, still needs
 * SYS_CHROOT but not SETPCAP. CRIU 4.2 trims the restored task's bounding set with
 * PR_CAPBSET_DROP, which needs SETPCAP, but it only warns when that fails for a task that was
 * dumped with no_new_privs and lacks the capability in its permitted set, because no_new_privs
 * keeps the task from gaining it ({@code restore_creds} in criu/pie/restorer.c).
 */
class CapabilitiesIT extends ScenarioTest {

    private static final List<String> DEFAULT = List.of("SYS_ADMIN", "SYS_PTRACE", "NET_ADMIN", "SYS_TIME");
    private static final List<String> RUNTIME_DEFAULTS = List.of("SETPCAP", "SYS_CHROOT");

    /** The wrapper's log line of a restored or freshly started app, with the app's PID. */
    private static final Pattern APP_PID =
            Pattern.compile("^crik: info: (?:restored key=\\S+ checkpoint=\\S+|started key=\\S+) pid=(\\d+) ");

    /** Security context of the Job's container before the webhook adds to it. */
    enum ContainerSecurity {
        /** None, as in the example. */
        UNSET,
        /** {@code capabilities.drop: [ALL]} only. */
        DROP_ALL,
        /** {@code drop: [ALL]}, {@code allowPrivilegeEscalation: false} and {@code readOnlyRootFilesystem: true}. */
        HARDENED
    }

    /**
     * How the counter fared on node B after node A went away, with the wrapper's errors on each
     * node and the container's checkpoint directory on the claim.
     */
    private record Outcome(boolean carriedOn, String nodeAErrors, String nodeBErrors, Path checkpoints) {
    }

    @Test
    void defaultSetCarriesOn() {
        Outcome outcome = loseNode(cluster.webhook(), "capabilities-default", DEFAULT, ContainerSecurity.UNSET);

        assertThat(outcome.carriedOn()).as(outcome.toString()).isTrue();
    }

    // Without SYS_ADMIN and CHECKPOINT_RESTORE (40), CRIU 4.2 stops before it dumps anything,
    // naming the capability by number: CAP_SYS_ADMIN is 21.
    @ParameterizedTest(name = "without {0}")
    @CsvSource(delimiter = '|', textBlock = """
            SYS_ADMIN | dump    | Effective capability 21 missing
            NET_ADMIN | restore | SO_SNDBUFFORCE
            SYS_TIME  | restore | Unable to set a monotonic clock offset
            """)
    void eachCapabilityIsNeeded(String capability, String failingStep, String criuError) {
        Outcome outcome = loseNodeWithout(capability);

        assertThat(outcome.carriedOn()).as("carried on without " + capability).isFalse();
        if (failingStep.equals("dump")) {
            assertThat(outcome.nodeAErrors()).contains("checkpoint of key=").contains(criuError);
        } else {
            assertThat(outcome.nodeBErrors()).contains("CRIU restore failed").contains(criuError);
        }
    }

    @Test
    void sysPtraceUnneededWithoutYama() {
        assumeFalse(Files.exists(Path.of("/proc/sys/kernel/yama")),
                "this machine runs Yama, where CRIU may need SYS_PTRACE to attach to its sibling");

        Outcome outcome = loseNodeWithout("SYS_PTRACE");

        assertThat(outcome.carriedOn()).as(outcome.toString()).isTrue();
    }

    @Test
    void hardenedCarriesOn() {
        List<String> added = new ArrayList<>(DEFAULT);
        added.addAll(RUNTIME_DEFAULTS);

        Outcome outcome = loseNode(cluster.webhook(), "capabilities-hardened", added, ContainerSecurity.HARDENED);

        assertThat(outcome.carriedOn()).as(outcome.toString()).isTrue();
    }

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource(delimiter = '|', textBlock = """
            DROP_ALL | SETPCAP    | Can't stop all tasks on rt_sigreturn
            DROP_ALL | SYS_CHROOT | Can't change root: Operation not permitted
            HARDENED | SYS_CHROOT | Can't change root: Operation not permitted
            """)
    void dropAllNeedsRuntimeDefault(ContainerSecurity security, String capability, String criuError) {
        Outcome outcome = loseNodeWithoutRuntimeDefault(security, capability);

        assertThat(outcome.carriedOn()).as("carried on without " + capability).isFalse();
        assertThat(outcome.nodeBErrors()).contains("CRIU restore failed").contains(criuError);
    }

    @Test
    void hardenedRestoresWithoutSetpcap() throws IOException {
        Outcome outcome = loseNodeWithoutRuntimeDefault(ContainerSecurity.HARDENED, "SETPCAP");

        assertThat(outcome.carriedOn()).as(outcome.toString()).isTrue();
        Path restoreLog = outcome.checkpoints().resolve("000001").resolve("restore-1.log");
        assertThat(Files.readString(restoreLog)).as(restoreLog.toString())
                .contains("Unable to drop capability 0 from bset: -1 (but NO_NEW_PRIVS will drop it)");
    }

    private Outcome loseNodeWithoutRuntimeDefault(ContainerSecurity security, String capability) {
        List<String> remaining = new ArrayList<>(RUNTIME_DEFAULTS);
        remaining.remove(capability);
        List<String> added = new ArrayList<>(DEFAULT);
        added.addAll(remaining);
        String name = security.name().toLowerCase().replace('_', '-') + "-without-"
                + capability.toLowerCase().replace('_', '-');

        try (Webhook webhook = cluster.startWebhook(name,
                Map.of("crik.webhook.runtime-default-capabilities", String.join(",", remaining)))) {
            return loseNode(webhook, name, added, security);
        }
    }

    private Outcome loseNodeWithout(String capability) {
        List<String> remaining = new ArrayList<>(DEFAULT);
        remaining.remove(capability);
        String name = "without-" + capability.toLowerCase().replace('_', '-');
        try (Webhook webhook = cluster.startWebhook(name, Map.of("crik.webhook.capabilities", String.join(",", remaining)))) {
            return loseNode(webhook, name, remaining, ContainerSecurity.UNSET);
        }
    }

    /**
     * Runs the counter Job on node A through {@code webhook}, checks that the wrapped container
     * gets {@code capabilities}, takes node A away, runs the replacement on node B and reports
     * whether the count went on where it stopped. The Job's container starts with
     * {@code security}. A hardened app must run with no_new_privs and a read-only root file
     * system on both nodes.
     */
    private Outcome loseNode(Webhook webhook, String name, List<String> capabilities, ContainerSecurity security) {
        Job counterJob = Examples.job(Examples.COUNTER_JOB);
        boolean hardened = security == ContainerSecurity.HARDENED;
        if (security != ContainerSecurity.UNSET) {
            counterJob.getSpec().getTemplate().getSpec().getContainers().get(0).setSecurityContext(
                    new SecurityContextBuilder()
                            .withNewCapabilities().withDrop("ALL").endCapabilities()
                            .withAllowPrivilegeEscalation(hardened ? false : null)
                            .withReadOnlyRootFilesystem(hardened ? true : null)
                            .build());
        }
        JobController job = new JobController(counterJob);
        LocalNode nodeA = cluster.addNode(name + "-a");
        PodRun first = cluster.create(webhook, nodeA, job.newPod(), JobController.USER);
        awaitCount(first.container("counter"), 15);
        SecurityContext wrapped = first.admission().mutated().getSpec().getContainers().get(0).getSecurityContext();
        assertThat(wrapped.getCapabilities().getAdd()).containsExactlyInAnyOrderElementsOf(capabilities);
        if (security != ContainerSecurity.UNSET) {
            assertThat(wrapped.getCapabilities().getDrop()).containsExactly("ALL");
        }
        if (hardened) {
            assertThat(wrapped.getAllowPrivilegeEscalation()).as("allowPrivilegeEscalation").isFalse();
            assertThat(wrapped.getReadOnlyRootFilesystem()).as("readOnlyRootFilesystem").isTrue();
            assertAppHardened(first.container("counter"));
        }

        cluster.shutDown(nodeA);
        assertThat(job.podEnded(first.pod().status())).isEqualTo(JobController.Next.REPLACE);

        LocalNode nodeB = cluster.addNode(name + "-b");
        PodRun second = cluster.create(webhook, nodeB, job.newPod(), JobController.USER);
        second.container("counter").stdout().awaitLine(line -> line.startsWith("count "), TIMEOUT);
        if (hardened) {
            assertAppHardened(second.container("counter"));
        }

        List<Integer> before = WorkloadOutput.counts(first.container("counter").stdout().lines());
        int firstOnB = WorkloadOutput.counts(second.container("counter").stdout().lines()).get(0);
        assertThat(firstOnB).as("first count on node B").isIn(1, before.get(before.size() - 1) + 1);
        Path checkpoints = cluster.claimDirectory("demo", "checkpoints")
                .resolve("job/counter/" + job.uid()).resolve("counter").resolve("checkpoints");
        return new Outcome(firstOnB == before.get(before.size() - 1) + 1,
                errors(first.container("counter").stderr().lines()), errors(second.container("counter").stderr().lines()),
                checkpoints);
    }

    /**
     * Checks that the app the wrapper started or restored runs with no_new_privs and that the
     * container's root file system is read-only.
     */
    private static void assertAppHardened(LocalContainer container) {
        String line = container.stderr().awaitLine(candidate -> APP_PID.matcher(candidate).find(), TIMEOUT);
        Matcher matcher = APP_PID.matcher(line);
        assertThat(matcher.find()).isTrue();
        String pid = matcher.group(1);

        ExecResult status = container.exec(TIMEOUT, "grep", "^NoNewPrivs:", "/proc/" + pid + "/status");
        assertThat(status.stdout().strip()).as("app pid " + pid + ", " + line).isEqualTo("NoNewPrivs:\t1");

        ExecResult write = container.exec(TIMEOUT, "touch", "/root-file-system-probe");
        assertThat(write.succeeded()).as("write to / succeeded: " + write).isFalse();
        assertThat(write.stderr()).contains("Read-only file system");
    }

    private static String errors(List<String> wrapperLog) {
        return String.join("\n", wrapperLog.stream().filter(line -> line.startsWith("crik: error: ")).toList());
    }
}
