package io.crik.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WrapperConfigTest {

    @Test
    void podReferenceWithoutPodVariables() {
        assertThat(WrapperConfig.from(Map.of()).podReference()).isEqualTo("unknown");
        assertThat(WrapperConfig.from(Map.of("CRIK_POD_NAMESPACE", "batch", "CRIK_POD_NAME", "sim-0")).podReference())
                .isEqualTo("batch/sim-0");
    }

    @Test
    void defaultsWorkByHand() {
        WrapperConfig config = WrapperConfig.from(Map.of());

        assertThat(config.containerName()).isEqualTo("app");
        assertThat(config.checkpointDir()).isEqualTo(Path.of("/crik-checkpoints"));
        assertThat(config.checkpointPolicy()).isEqualTo(CheckpointPolicy.Policy.NODE_TERMINATING);
        assertThat(config.checkpointWhenNodeStateUnknown()).isTrue();
        assertThat(config.gracePeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.checkpointTimeout()).isEqualTo(Duration.ofSeconds(25));
        assertThat(config.maxRestores()).isEqualTo(3);
        assertThat(config.startFreshOnRestoreFailure()).isTrue();
        assertThat(config.controlSocket()).isEqualTo(Path.of("/crik/run/app/control.sock"));
        assertThat(config.nodeStateUrl()).isNull();
        assertThat(config.nodeStateTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.nodeStateRequestTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.nodeStateQuery().configured()).isFalse();
    }

    @Test
    void keyFallbackNamesContainerNameSource() {
        Map<String, String> env = Map.of("CRIK_CONTAINER_NAME", "worker", "CRIK_CHECKPOINT_DIR", "/data/checkpoints");

        assertThat(WrapperConfig.from(env).checkpointKeyFallback(env)).hasValue("CRIK_CHECKPOINT_KEY is not set, so log"
                + " lines use the fallback key=worker: the container name from CRIK_CONTAINER_NAME. The webhook sets the"
                + " key in injected pods. Checkpoints are in CRIK_CHECKPOINT_DIR=/data/checkpoints either way");
    }

    @Test
    void keyFallbackNamesDefaultContainerName() {
        assertThat(WrapperConfig.from(Map.of()).checkpointKeyFallback(Map.of())).hasValueSatisfying(note -> assertThat(note)
                .contains("the fallback key=app: the default container name, because CRIK_CONTAINER_NAME is not set"));
    }

    @Test
    void setKeyNeedsNoFallback() {
        Map<String, String> env = Map.of("CRIK_CHECKPOINT_KEY", "job/counter/uid", "CRIK_CONTAINER_NAME", "counter");

        assertThat(WrapperConfig.from(env).checkpointKeyFallback(env)).isEmpty();
        assertThat(WrapperConfig.from(env).logKey()).isEqualTo("job/counter/uid/counter");
    }

    @Test
    void variablesOverrideDefaults() {
        WrapperConfig config = WrapperConfig.from(Map.of(
                "CRIK_CONTAINER_NAME", "worker",
                "CRIK_CHECKPOINT_POLICY", "always",
                "CRIK_GRACE_PERIOD_SECONDS", "120",
                "CRIK_PRESERVE_PATHS", "/var/log/app.log, /data/state/",
                "CRIK_FINGERPRINT_EXCLUDE_ENV", "POD_IP,NODE_IP",
                "CRIK_CHECKPOINT_TIMEOUT_SECONDS", "0.5",
                "CRIK_RESTORE_FAILURE_POLICY", "fail",
                "CRIK_NODE_STATE_URL", "http://crik-webhook.crik-system.svc:8080/",
                "CRIK_NODE_NAME", "worker-1",
                "CRIK_NODE_STATE_REQUEST_TIMEOUT_SECONDS", "0.25"));

        assertThat(config.controlSocket()).isEqualTo(Path.of("/crik/run/worker/control.sock"));
        assertThat(config.checkpointPolicy()).isEqualTo(CheckpointPolicy.Policy.ALWAYS);
        assertThat(config.gracePeriod()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.checkpointTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.preservePaths()).containsExactly(Path.of("/var/log/app.log"), Path.of("/data/state"));
        assertThat(config.fingerprintExcludeEnv()).containsExactly("POD_IP", "NODE_IP");
        assertThat(config.startFreshOnRestoreFailure()).isFalse();
        assertThat(config.nodeStateUrl()).hasToString("http://crik-webhook.crik-system.svc:8080/");
        assertThat(config.nodeStateRequestTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.nodeStateQuery().target()).isEqualTo("http://crik-webhook.crik-system.svc:8080/nodes/worker-1");
    }

    @Test
    void nodeStateTimeoutIsQuarterOfCheckpointTimeout() {
        assertThat(WrapperConfig.from(Map.of("CRIK_GRACE_PERIOD_SECONDS", "15")).nodeStateTimeout())
                .isEqualTo(Duration.ofMillis(2500));
        assertThat(WrapperConfig.from(Map.of("CRIK_CHECKPOINT_TIMEOUT_SECONDS", "0.5")).nodeStateTimeout())
                .isEqualTo(Duration.ofMillis(125));
        assertThat(WrapperConfig.from(Map.of("CRIK_GRACE_PERIOD_SECONDS", "300")).nodeStateTimeout())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(WrapperConfig.from(Map.of("CRIK_NODE_STATE_TIMEOUT_SECONDS", "12")).nodeStateTimeout())
                .isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void dumpTimeLimitLosesQuestionTime() {
        WrapperConfig config = WrapperConfig.from(Map.of("CRIK_GRACE_PERIOD_SECONDS", "30"));

        assertThat(config.dumpTimeLimit(Duration.ZERO)).isEqualTo(Duration.ofSeconds(25));
        assertThat(config.dumpTimeLimit(Duration.ofMillis(1500))).isEqualTo(Duration.ofMillis(23500));
        assertThat(config.dumpTimeLimit(Duration.ofSeconds(40))).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void shortGracePeriodKeepsOneSecond() {
        assertThat(WrapperConfig.from(Map.of("CRIK_GRACE_PERIOD_SECONDS", "3")).checkpointTimeout())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void invalidValuesAreRejected() {
        for (Map<String, String> env : List.of(Map.of("CRIK_GRACE_PERIOD_SECONDS", "soon"),
                Map.of("CRIK_PRESERVE_PATHS", "relative/path"), Map.of("CRIK_NODE_STATE_UNKNOWN", "maybe"),
                Map.of("CRIK_MAX_RESTORES", "0"), Map.of("CRIK_CHECKPOINT_TIMEOUT_SECONDS", "-1"),
                Map.of("CRIK_NODE_STATE_URL", "crik-webhook:8080"), Map.of("CRIK_NODE_STATE_URL", "ftp://host/"),
                Map.of("CRIK_NODE_STATE_URL", "http://host:8080/?node=x"),
                Map.of("CRIK_NODE_STATE_TIMEOUT_SECONDS", "25"), Map.of("CRIK_NODE_STATE_TIMEOUT_SECONDS", "0"),
                Map.of("CRIK_NODE_STATE_REQUEST_TIMEOUT_SECONDS", "soon"))) {
            assertThatThrownBy(() -> WrapperConfig.from(env)).as(env.toString()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(env.keySet().iterator().next());
        }
    }
}
