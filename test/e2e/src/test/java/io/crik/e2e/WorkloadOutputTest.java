package io.crik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing the workloads' output and the wrapper's reports, from lines the real programs printed. */
class WorkloadOutputTest {

    /** accumulate.py --steps 3 --interval 0 --memory-mib 1, run by hand with python3 3.11. */
    private static final List<String> ACCUMULATOR = List.of(
            "index 0 holds 1 MiB with sha256 b696b77325e80184932d1e95edd45490d18d3bafd11d2df65ba95830970da13c",
            "step 1 bf52085cc3552719b6ec73903ee73214b01893514eb9cf52dde965e1869fcca3",
            "step 2 58267ea39d16edc6f7f1405971ef047c716b117557e1c1a1d6af76450bc6c6ab",
            "step 3 765b8e0c4ea112666e55e11a5cdd10f209417b95f7bf2de6d57a2de9606fb06f",
            "done after 3 steps; memory sha256 b696b77325e80184932d1e95edd45490d18d3bafd11d2df65ba95830970da13c");

    @Test
    void chainMatchesPythonProgram() {
        assertThat(WorkloadOutput.expectedSteps("0", 3)).isEqualTo(WorkloadOutput.steps(ACCUMULATOR));
    }

    @Test
    void chainDependsOnIndex() {
        assertThat(WorkloadOutput.expectedSteps("1", 1).get(0).hash())
                .isNotEqualTo(WorkloadOutput.expectedSteps("0", 1).get(0).hash());
    }

    @Test
    void digestsAtStartAndEnd() {
        assertThat(WorkloadOutput.initialDigest(ACCUMULATOR))
                .isEqualTo("b696b77325e80184932d1e95edd45490d18d3bafd11d2df65ba95830970da13c");
        assertThat(WorkloadOutput.finalDigest(ACCUMULATOR)).isEqualTo(WorkloadOutput.initialDigest(ACCUMULATOR));
        assertThat(WorkloadOutput.finalDigest(ACCUMULATOR.subList(0, 4))).isNull();
    }

    @Test
    void countsSkipOtherLines() {
        assertThat(WorkloadOutput.counts(List.of("count 1", "count 2", "stopped by SIGTERM at count 2", "count 3x")))
                .containsExactly(1, 2);
    }

    @Test
    void wrapperReportsParsed() {
        List<String> stderr = List.of(
                "crik: info: checkpointed key=job/counter/4562c453-1377-4d30-9d4e-3b0088a6c2e2/counter checkpoint=000001"
                        + " pid=9001 size=194900 bytes dump=47 ms total=91 ms; exiting with 75",
                "crik: info: restored key=job/counter/4562c453-1377-4d30-9d4e-3b0088a6c2e2/counter checkpoint=000001"
                        + " pid=9001 restore=1/3 size=194900 bytes criu=51 ms total=83 ms stale-sockets-removed=0"
                        + " pid-counter=forked");

        assertThat(WrapperLog.checkpointed(stderr)).contains(new WrapperLog.Report("000001", 194900, 47, 91));
        assertThat(WrapperLog.restored(stderr)).contains(new WrapperLog.Report("000001", 194900, 51, 83));
        assertThat(WrapperLog.restored(stderr.subList(0, 1))).isEmpty();
    }
}
