package io.crik.e2e;

import io.crik.node.LocalContainer;
import io.crik.node.LocalNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The README's demo: the counter Job of examples/demo/counter-job.yaml goes through the real
 * webhook, runs under the wrapper on local node A, loses node A, and carries on in its
 * replacement on node B. It narrates each step on standard output and exits with 0 when the
 * count carried on with no number missing or repeated, 1 when it did not, and 2 when the demo
 * itself failed. Logs and container output stay in the work directory it prints. The claim
 * directory there ends empty, because the wrapper clears the checkpoints once the count exits with 0.
 */
public final class Demo {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int LOSS_AT_COUNT = 30;
    private static final int WRAPPER_EXIT_AFTER_CHECKPOINT = 75;
    /** Kept referenced, because java.util.logging drops the level of a logger once it is garbage-collected. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private final LocalCluster cluster;
    private final PrintStream out;

    private Demo(LocalCluster cluster, PrintStream out) {
        this.cluster = cluster;
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.err.println("usage: io.crik.e2e.Demo   (no arguments; run it as root through scripts/demo)");
            System.exit(2);
        }
        Path workDir;
        try {
            workDir = Files.createTempDirectory("crik-demo-");
        } catch (IOException e) {
            System.err.println("demo failed: cannot create a work directory in /tmp: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Library logs go to a file, so that standard output carries only the narration.
        System.setProperty("org.slf4j.simpleLogger.logFile", workDir.resolve("demo.log").toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        // The mock API server logs every request through java.util.logging to stderr.
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);

        PrintStream out = System.out;
        out.println("crik demo: a counter Job loses its spot node and carries on in its replacement.");
        out.println("Everything runs on this machine: the webhook jar over HTTPS, a mock Kubernetes API server,");
        out.println("and local nodes that run pods with runc, with CRIU inside the pods.");
        out.println("Work directory (logs, and each container's output and wrapper log): " + workDir);
        out.println();
        int status;
        try (LocalCluster cluster = LocalCluster.start(workDir)) {
            status = new Demo(cluster, out).run() ? 0 : 1;
        } catch (RuntimeException | AssertionError e) {
            out.println();
            out.println("demo failed: " + e.getMessage());
            out.println("Details are in " + workDir.resolve("demo.log") + " and the logs next to it.");
            status = 2;
        }
        System.exit(status);
    }

    /** Runs the scenario and returns whether the count carried on. */
    private boolean run() {
        say("setup", "webhook ready at " + cluster.webhook().mutateUrl() + ", plain HTTP at " + cluster.webhook().plainUrl()
                + " (log: " + cluster.webhook().logFile() + ")");
        JobController job = new JobController(Examples.job(Examples.COUNTER_JOB));
        LocalNode nodeA = cluster.addNode("node-a");
        say("setup", "node-a is Ready; Job demo/counter (uid " + job.uid() + ") from " + Examples.path(Examples.COUNTER_JOB));

        PodRun first = cluster.create(nodeA, job.newPod(), JobController.USER);
        describeAdmission(first);
        LocalContainer install = first.container("crik-install");
        install.awaitExit(TIMEOUT);
        say("node-a", "init container crik-install: " + lastLine(install.stdout().lines()));
        LocalContainer counterA = first.container("counter");
        counterA.stdout().awaitLine(line -> line.equals("count " + LOSS_AT_COUNT), TIMEOUT);
        say("node-a", "pod " + first.name() + " runs: \"" + counterA.stdout().lines().get(0) + "\" ... \""
                + lastLine(counterA.stdout().lines()) + "\"");

        say("node-a", "node is shutting down: the Node turns Ready=False (\"node is shutting down\")");
        cluster.shutDown(nodeA);
        say("node-a", "the preStop hook crik checkpoint asked the node-state service at http://127.0.0.1:"
                + LocalCluster.NODE_STATE_PORT + " in the pod, which the node forwards to the webhook's plain HTTP port:");
        detail(decision(counterA));
        Optional<WrapperLog.Report> checkpoint = WrapperLog.checkpointed(counterA.stderr().lines());
        if (checkpoint.isEmpty()) {
            return fail("the wrapper on node-a reported no checkpoint" + errors(counterA));
        }
        say("node-a", "checkpoint " + checkpoint.get().checkpoint() + " published: " + size(checkpoint.get().bytes())
                + ", CRIU dump " + checkpoint.get().criuMillis() + " ms, " + checkpoint.get().totalMillis()
                + " ms in all; the container exited with " + counterA.lastExitCode().orElse(-1));
        say("node-a", "last output on node-a: \"" + lastLine(counterA.stdout().lines()) + "\"");

        JobController.Next next = job.podEnded(first.pod().status());
        if (next != JobController.Next.REPLACE || counterA.lastExitCode().orElse(-1) != WRAPPER_EXIT_AFTER_CHECKPOINT) {
            return fail("the Job controller would not replace pod " + first.name() + " (" + next + ")");
        }
        say("controller", "pod " + first.name() + " failed with DisruptionTarget and exit status 75;");
        detail("the Job's podFailurePolicy ignores both (failures counted: " + job.countedFailures()
                + "), so it creates a replacement");

        LocalNode nodeB = cluster.addNode("node-b");
        PodRun second = cluster.create(nodeB, job.newPod(), JobController.USER);
        say("admission", "replacement pod " + second.name() + " admitted with the same checkpoint key "
                + checkpointKey(second));
        LocalContainer counterB = second.container("counter");
        // The wrapper logs the restore after CRIU returns, when the app may have printed already.
        counterB.stderr().awaitLine(line -> line.startsWith("crik: info: restored ") || line.startsWith("crik: info: started ")
                || line.startsWith("crik: error: "), TIMEOUT);
        counterB.stdout().awaitLine(line -> line.startsWith("count "), TIMEOUT);
        Optional<WrapperLog.Report> restore = WrapperLog.restored(counterB.stderr().lines());
        if (restore.isEmpty()) {
            return fail("the wrapper on node-b did not restore" + errors(counterB));
        }
        say("node-b", "restored checkpoint " + restore.get().checkpoint() + " (" + size(restore.get().bytes())
                + "): CRIU restore " + restore.get().criuMillis() + " ms, " + restore.get().totalMillis() + " ms in all");
        say("node-b", "output carries on in the new container: \"" + counterB.stdout().lines().get(0) + "\"");

        second.pod().awaitPhase("Succeeded", TIMEOUT);
        say("node-b", "pod " + second.name() + " succeeded: \"" + lastLine(counterB.stdout().lines()) + "\"");
        return verify(counterA.stdout().lines(), counterB.stdout().lines(), job);
    }

    private void describeAdmission(PodRun run) {
        Admission admission = run.admission();
        Container container = admission.mutated().getSpec().getContainers().get(0);
        Container install = admission.mutated().getSpec().getInitContainers().get(0);
        say("admission", "the Job controller's pod " + run.name() + " went through POST /mutate; the webhook"
                + " returned " + admission.patch().size() + " JSON patch operations:");
        detail("init container " + install.getName() + " (image " + install.getImage() + ") runs "
                + String.join(" ", install.getCommand()));
        List<String> command = container.getCommand();
        detail("container counter runs under the wrapper: " + String.join(" ", command.subList(0, 5))
                + " <the Job's script>");
        detail("capabilities added: " + String.join(", ", container.getSecurityContext().getCapabilities().getAdd())
                + "; seccomp " + container.getSecurityContext().getSeccompProfile().getType());
        detail("checkpoint volume: claim " + admission.mutated().getSpec().getVolumes().stream()
                .filter(volume -> volume.getPersistentVolumeClaim() != null).findFirst().orElseThrow()
                .getPersistentVolumeClaim().getClaimName() + " at /crik-checkpoints, sub-path " + checkpointKey(run)
                + "/counter");
        detail("preStop hook: " + String.join(" ", container.getLifecycle().getPreStop().getExec().getCommand()));
        for (String warning : admission.warnings()) {
            detail("warning: " + warning);
        }
    }

    /** Checks that the two pods' counts together are 1 to COUNT_TO, each once, in order. */
    private boolean verify(List<String> nodeA, List<String> nodeB, JobController job) {
        List<Integer> counts = new ArrayList<>(WorkloadOutput.counts(nodeA));
        counts.addAll(WorkloadOutput.counts(nodeB));
        int countTo = Integer.parseInt(job.job().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                .stream().filter(variable -> variable.getName().equals("COUNT_TO")).findFirst().orElseThrow().getValue());
        List<Integer> expected = IntStream.rangeClosed(1, countTo).boxed().toList();
        if (!counts.equals(expected)) {
            return fail("the counts of both pods are not 1 to " + countTo + " in order: " + counts);
        }
        out.println();
        out.println("Result: the work carried on. Node-a counted 1 to " + WorkloadOutput.counts(nodeA).size()
                + ", node-b went on from " + (WorkloadOutput.counts(nodeA).size() + 1) + " to " + countTo
                + ", with no number missing or repeated.");
        return true;
    }

    private boolean fail(String reason) {
        out.println();
        out.println("Result: the work did NOT carry on: " + reason);
        return false;
    }

    private static String checkpointKey(PodRun run) {
        Container container = run.admission().mutated().getSpec().getContainers().get(0);
        return container.getVolumeMounts().stream().filter(mount -> mount.getMountPath().equals("/crik-checkpoints"))
                .map(VolumeMount::getSubPath).findFirst().orElseThrow().replaceFirst("/[^/]+$", "");
    }

    /** Returns the wrapper's error lines, one per line after a colon, or nothing when it logged none. */
    private static String errors(LocalContainer container) {
        List<String> errors = container.stderr().lines().stream().filter(line -> line.startsWith("crik: error: ")).toList();
        return errors.isEmpty() ? "" : ":\n  " + String.join("\n  ", errors);
    }

    /** Returns the wrapper's checkpoint decision with its reason, as it logged them. */
    private static String decision(LocalContainer container) {
        String prefix = "crik: info: checkpoint request from crik checkpoint: ";
        return container.stderr().lines().stream().filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()))
                .findFirst().orElse("(the wrapper logged no decision)");
    }

    private static String lastLine(List<String> lines) {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static String size(long bytes) {
        if (bytes >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
        }
        return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
    }

    private void say(String step, String text) {
        out.printf("%-12s %s%n", "[" + step + "]", text);
    }

    private void detail(String text) {
        out.printf("%-12s   - %s%n", "", text);
    }
}
