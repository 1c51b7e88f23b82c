package io.crik.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountsTest {

    @Test
    void nounFollowsCount() {
        assertThat(Counts.of(0, "request", "requests")).isEqualTo("0 requests");
        assertThat(Counts.of(1, "request", "requests")).isEqualTo("1 request");
        assertThat(Counts.of(2, "process", "processes")).isEqualTo("2 processes");
    }

    @Test
    void timesReadsOnceForOne() {
        assertThat(Counts.times(0)).isEqualTo("0 times");
        assertThat(Counts.times(1)).isEqualTo("once");
        assertThat(Counts.times(3)).isEqualTo("3 times");
    }
}
