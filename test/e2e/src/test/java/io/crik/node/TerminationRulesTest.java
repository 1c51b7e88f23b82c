package io.crik.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TerminationRulesTest {

    @ParameterizedTest(name = "pod {0}, request {1} -> {2}")
    @CsvSource(nullValues = "null", textBlock = """
            null, null, 30
            60,   null, 60
            60,   10,   10
            10,   60,   10
            0,    null, 1
            30,   0,    1
            """)
    void deletionGracePeriod(Long pod, Long requested, long expected) {
        assertThat(GracePeriod.forDeletion(pod, requested)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "grace {0} s, preStop {1} ms -> stop after {2} s")
    @CsvSource(textBlock = """
            30, 0,     30
            30, 999,   30
            30, 1000,  29
            10, 3900,  7
            10, 8000,  2
            10, 10000, 2
            10, 45000, 2
            1,  0,     2
            """)
    void stopTimeoutAfterPreStop(long grace, long preStopMillis, long expected) {
        assertThat(GracePeriod.stopTimeoutAfterPreStop(grace, preStopMillis)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}, exit {1} -> restart {2}, init restart {3}")
    @CsvSource(textBlock = """
            Always,    0, true,  false
            Always,    1, true,  true
            OnFailure, 0, false, false
            OnFailure, 2, true,  true
            Never,     0, false, false
            Never,     1, false, false
            """)
    void restartByPolicy(String policy, int exitCode, boolean restartsContainer, boolean restartsInit) {
        assertThat(RestartRule.restartsContainer(policy, exitCode)).isEqualTo(restartsContainer);
        assertThat(RestartRule.restartsInitContainer(policy, exitCode)).isEqualTo(restartsInit);
    }

    @Test
    void invalidPolicyRejected() {
        assertThatThrownBy(() -> RestartRule.restartsContainer("Sometimes", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Sometimes");
    }

    @Test
    void backoffDoublesToMaximum() {
        RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(10), Duration.ofSeconds(300));
        Instant time = Instant.parse("2026-01-01T00:00:00Z");

        long[] expected = {0, 10, 20, 40, 80, 160, 300, 300};
        for (long seconds : expected) {
            assertThat(backoff.delayAfterExit(time)).isEqualTo(Duration.ofSeconds(seconds));
            time = time.plusSeconds(seconds + 1);
        }
    }

    @Test
    void backoffResetsAfterLongRun() {
        RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(10), Duration.ofSeconds(300));
        Instant time = Instant.parse("2026-01-01T00:00:00Z");
        backoff.delayAfterExit(time);
        backoff.delayAfterExit(time.plusSeconds(5));
        backoff.delayAfterExit(time.plusSeconds(40));

        Duration afterLongRun = backoff.delayAfterExit(time.plusSeconds(40 + 601));
        Duration next = backoff.delayAfterExit(time.plusSeconds(40 + 602));

        assertThat(afterLongRun).isZero();
        assertThat(next).isEqualTo(Duration.ofSeconds(10));
    }
}
