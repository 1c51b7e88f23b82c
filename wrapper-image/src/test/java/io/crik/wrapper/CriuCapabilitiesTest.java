package io.crik.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crik.wrapper.CriuCapabilities.Needed;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriuCapabilitiesTest {

    /** containerd's defaults plus SYS_ADMIN, SYS_PTRACE, NET_ADMIN and SYS_TIME. */
    private static final String INJECTED = "00000000aa2c35fb";
    /** containerd's defaults only. */
    private static final String RUNTIME_DEFAULT = "00000000a80425fb";
    /** drop ALL with SYS_ADMIN, SYS_PTRACE, NET_ADMIN and SYS_TIME added. */
    private static final String DROP_ALL_WITH_ADDS = "0000000002281000";

    @Test
    void injectedSetLacksNothing() {
        assertThat(CriuCapabilities.missing(INJECTED, false, false)).isEmpty();
        assertThat(CriuCapabilities.missing(INJECTED, true, false)).isEmpty();
    }

    @Test
    void runtimeDefaultsLackAddedOnes() {
        assertThat(names(CriuCapabilities.missing(RUNTIME_DEFAULT, false, false)))
                .containsExactly("SYS_ADMIN", "NET_ADMIN", "SYS_TIME");
        assertThat(names(CriuCapabilities.missing(RUNTIME_DEFAULT, true, false)))
                .containsExactly("SYS_ADMIN", "NET_ADMIN", "SYS_TIME", "SYS_PTRACE");
    }

    @Test
    void dropAllLacksRestoreDefaults() {
        List<Needed> missing = CriuCapabilities.missing(DROP_ALL_WITH_ADDS, false, false);

        assertThat(names(missing)).containsExactly("SETPCAP", "SYS_CHROOT");
        assertThat(CriuCapabilities.warning(missing)).isEqualTo("the container lacks capabilities that CRIU needs:"
                + " SETPCAP (restore), SYS_CHROOT (restore); without one, the step in brackets fails (a failed dump"
                + " leaves the app running, a failed restore starts it fresh by default). Add them"
                + " to the container's securityContext.capabilities.add (the crik webhook adds them to the pods it"
                + " injects)");
    }

    @Test
    void noNewPrivilegesNeedsNoSetpcap() {
        List<String> status = List.of("Name:\tjava", "NoNewPrivs:\t1", "Seccomp:\t0");

        assertThat(CriuCapabilities.noNewPrivileges(status)).isTrue();
        assertThat(names(CriuCapabilities.missing(DROP_ALL_WITH_ADDS, false, true))).containsExactly("SYS_CHROOT");
    }

    @Test
    void privilegesMayGrowWithoutFlag() {
        assertThat(CriuCapabilities.noNewPrivileges(List.of("NoNewPrivs:\t0"))).isFalse();
        assertThat(CriuCapabilities.noNewPrivileges(List.of("Name:\tjava"))).isFalse();
    }

    @Test
    void effectiveMaskFromStatus() {
        List<String> status = List.of("Name:\tjava", "CapInh:\t0000000000000000", "CapPrm:\t000001ffffffffff",
                "CapEff:\t000001ffffffffff", "CapBnd:\t000001ffffffffff");

        assertThat(CriuCapabilities.effectiveMask(status)).isEqualTo("000001ffffffffff");
        assertThat(CriuCapabilities.missing("000001ffffffffff", true, false)).isEmpty();
    }

    @Test
    void statusWithoutCapEffIsRejected() {
        assertThatThrownBy(() -> CriuCapabilities.effectiveMask(List.of("Name:\tjava")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no CapEff line");
    }

    private static List<String> names(List<Needed> capabilities) {
        return capabilities.stream().map(Needed::name).toList();
    }
}
