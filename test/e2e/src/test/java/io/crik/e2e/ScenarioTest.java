package io.crik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.node.LocalContainer;
import io.crik.node.RunningPod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Base of the scenarios: the shared cluster, and the nodes of one scenario removed after it. */
@ExtendWith(SharedCluster.class)
abstract class ScenarioTest {

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    LocalCluster cluster;

    @BeforeEach
    void useCluster(LocalCluster cluster) {
        this.cluster = cluster;
    }

    @AfterEach
    void removeNodes() {
        cluster.closeNodes();
    }

    /** Waits until the container printed {@code count N}. */
    static void awaitCount(LocalContainer container, int count) {
        container.stdout().awaitLine(line -> line.equals("count " + count), TIMEOUT);
    }

    /** Returns the wrapper's log line that starts with {@code crik: info: PREFIX}. */
    static String wrapperLine(LocalContainer container, String prefix) {
        return container.stderr().awaitLine(line -> line.startsWith("crik: info: " + prefix), TIMEOUT);
    }

    /** Returns the exit code of the container's latest start, failing when it has not ended. */
    static int exitCode(RunningPod pod, String container) {
        var state = pod.container(container).status().getState();
        assertThat(state.getTerminated()).as("state of container " + container + " of pod " + pod.name()).isNotNull();
        return state.getTerminated().getExitCode();
    }

    /** Returns the names of the published checkpoints in a container's checkpoint directory. */
    static List<String> publishedCheckpoints(Path claim, String key, String container) throws IOException {
        Path checkpoints = claim.resolve(key).resolve(container).resolve("checkpoints");
        if (!Files.isDirectory(checkpoints)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(checkpoints)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
