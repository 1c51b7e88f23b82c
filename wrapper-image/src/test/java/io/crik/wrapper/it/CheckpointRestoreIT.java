package io.crik.wrapper.it;

import static io.crik.wrapper.it.WrapperFixture.TIMEOUT;
import static io.crik.wrapper.it.WrapperFixture.awaitMoreCounts;
import static io.crik.wrapper.it.WrapperFixture.checkpointAndAwaitExit;
import static io.crik.wrapper.it.WrapperFixture.counts;
import static io.crik.wrapper.it.WrapperFixture.logLine;
import static org.assertj.core.api.Assertions.assertThat;

import io.crik.runc.ContainerSpec;
import io.crik.runc.RuncContainer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** A counter checkpointed in one container and restored in the next, generation after generation. */
class CheckpointRestoreIT extends WrapperContainerTest {

    static final String BUSYBOX_COUNTER = "echo \"pid $$\"; i=0; while true; do echo \"count $i\"; i=$((i+1)); sleep 0.05; done";
    static final String PYTHON_COUNTER = "import os, sys, time\n"
            + "print('pid', os.getpid(), flush=True)\n"
            + "i = 0\n"
            + "while True:\n"
            + "    print('count', i, flush=True)\n"
            + "    i += 1\n"
            + "    time.sleep(0.05)\n";


    @Test
    void busyboxCounterContinuesOverThreeGenerations() throws Exception {
        List<RuncContainer> containers = runGenerations(4, () -> spec("busybox", "sh", "-c", BUSYBOX_COUNTER));

        assertContinuousCount(containers);
        assertThat(logLine(containers.get(3), "crik: info: restored ")).contains("checkpoint=000003");
    }

    @Test
    void pythonCounterContinuesOverThreeGenerations() throws Exception {
        List<RuncContainer> containers = runGenerations(4, () -> spec("debian", "python3", "-c", PYTHON_COUNTER));

        assertContinuousCount(containers);
    }

    @Test
    void readOnlyRootfsAndProcSys() throws Exception {
        List<RuncContainer> containers = runGenerations(3,
                () -> readOnlySpec("busybox", "sh", "-c", BUSYBOX_COUNTER));

        assertContinuousCount(containers);
        assertThat(logLine(containers.get(0), "crik: info: started ")).contains("pid-counter=forked");
        assertThat(logLine(containers.get(0), "crik: info: /tmp is read-only")).contains("mounted a tmpfs");
    }

    @Test
    void writableProcSysMovesCounterByWriting() throws Exception {
        List<RuncContainer> containers = runGenerations(2,
                () -> spec("busybox", "sh", "-c", BUSYBOX_COUNTER).writableProcSys(true));

        assertContinuousCount(containers);
        assertThat(logLine(containers.get(0), "crik: info: started ")).contains("pid-counter=written");
        assertThat(logLine(containers.get(1), "crik: info: restored ")).contains("pid-counter=written");
    }

    private ContainerSpec.Builder spec(String image, String... command) {
        try {
            return fixture.spec(image, command);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ContainerSpec.Builder readOnlySpec(String image, String... command) {
        try {
            return fixture.readOnlySpec(image, command);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Starts the first container, then checkpoints each one and restores it in the next. The
     * last one ends with SIGKILL, as when its node is gone.
     */
    private List<RuncContainer> runGenerations(int count, Supplier<ContainerSpec.Builder> spec) {
        List<RuncContainer> containers = new ArrayList<>();
        for (int generation = 0; generation < count; generation++) {
            RuncContainer container = fixture.startAndAwaitApp(spec.get());
            containers.add(container);
            awaitMoreCounts(container, 5);
            if (generation == 0) {
                String pidLine = container.stdout().awaitLine(line -> line.startsWith("pid "), TIMEOUT);
                assertThat(Integer.parseInt(pidLine.substring(4).strip())).isGreaterThanOrEqualTo(9001);
                assertThat(logLine(container, "crik: info: started ")).contains("pid=");
            } else {
                assertThat(container.stdout().lines()).noneMatch(line -> line.startsWith("pid "));
                assertThat(logLine(container, "crik: info: restored ")).contains("checkpoint=" + String.format("%06d", generation));
            }
            if (generation < count - 1) {
                checkpointAndAwaitExit(container);
            }
        }
        containers.get(count - 1).kill("KILL");
        return containers;
    }

    /** Checks that every container's count continues the previous one's, with no gap and no repeat. */
    private static void assertContinuousCount(List<RuncContainer> containers) {
        List<Long> all = new ArrayList<>();
        for (RuncContainer container : containers) {
            List<Long> counts = counts(container);
            assertThat(counts).as("output of " + container.id()).isNotEmpty();
            all.addAll(counts);
        }
        long last = all.get(all.size() - 1);
        assertThat(all).containsExactlyElementsOf(LongStream.rangeClosed(0, last).boxed().toList());
    }
}
