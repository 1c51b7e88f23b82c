package io.crik.wrapper.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CriuStatsTest {

    @Test
    void parsesDisplayedDumpStats() {
        String output = """
                Warn (criu/kerndat.c:1): something unrelated: 5
                Displaying dump stats:
                Freezing time: 291 us
                Frozen time: 11271 us
                Memory pages scanned: 45 (0x2d)
                Memory pages written: 31 (0x1f)
                """;

        assertThat(CriuStats.parse(output))
                .containsEntry("freezing_time_us", "291")
                .containsEntry("frozen_time_us", "11271")
                .containsEntry("memory_pages_scanned", "45")
                .containsEntry("memory_pages_written", "31")
                .hasSize(4);
    }

    @Test
    void emptyWithoutStatsBlock() {
        assertThat(CriuStats.parse("Frozen time: 5 us\n")).isEmpty();
    }
}
