package io.crik.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AppEnvironmentTest {

    @Test
    void launcherChangesAreUndone() {
        AppEnvironment environment = AppEnvironment.fromLauncher(List.of(
                "PATH=/bin",
                "CRIK_LAUNCHER_SAVED_JAVA_TOOL_OPTIONS=-Xmx1g",
                "CRIK_LAUNCHER_SAVED_LD_PRELOAD=/lib/libjemalloc.so",
                "CRIK_LAUNCHER_SAVED__JAVA_SR_SIGNUM=44",
                "HOME=/root",
                "_JAVA_SR_SIGNUM=40"));

        assertThat(environment.entries()).containsExactly("PATH=/bin", "JAVA_TOOL_OPTIONS=-Xmx1g",
                "LD_PRELOAD=/lib/libjemalloc.so", "_JAVA_SR_SIGNUM=44", "HOME=/root");
        assertThat(environment.asMap()).containsEntry("JAVA_TOOL_OPTIONS", "-Xmx1g").hasSize(5);
    }
}
