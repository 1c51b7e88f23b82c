package io.crik.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OciConfigTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ContainerSpec.Builder busybox() {
        return ContainerSpec.builder("c1", Path.of("/images/busybox")).args("sh", "-c", "true");
    }

    @Test
    void defaultCapabilitiesAreContainerds() {
        ContainerSpec spec = busybox().build();

        assertThat(OciConfig.effectiveCapabilities(spec))
                .contains("CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE")
                .doesNotContain("CAP_SYS_ADMIN", "CAP_SYS_PTRACE")
                .hasSize(OciConfig.DEFAULT_CAPABILITIES.size());
    }

    @Test
    void addedCapabilitiesSurviveDropAll() {
        ContainerSpec spec = busybox().dropCapabilities("ALL").addCapabilities("SYS_ADMIN", "SYS_PTRACE").build();

        assertThat(OciConfig.effectiveCapabilities(spec)).containsExactly("CAP_SYS_ADMIN", "CAP_SYS_PTRACE");
    }

    @Test
    void capabilityAddedAndDroppedIsDropped() {
        ContainerSpec spec = busybox().addCapabilities("SYS_ADMIN").dropCapabilities("SYS_ADMIN").build();

        assertThat(OciConfig.effectiveCapabilities(spec)).doesNotContain("CAP_SYS_ADMIN").contains("CAP_CHOWN");
    }

    @Test
    void addAllGivesHeldCapabilitiesOnly() {
        ContainerSpec spec = busybox().addCapabilities("ALL").dropCapabilities("CHOWN").build();

        Set<String> effective = OciConfig.effectiveCapabilities(spec, Set.of("CHOWN", "SYS_ADMIN", "BPF"));

        assertThat(effective).contains("CAP_SYS_ADMIN", "CAP_BPF", "CAP_KILL");
        assertThat(effective).doesNotContain("CAP_CHOWN", "CAP_SYS_RESOURCE");
    }

    @Test
    void prefixedCapabilityNamesAccepted() {
        ContainerSpec spec = busybox().addCapabilities("CAP_SYS_PTRACE").dropCapabilities("CAP_KILL").build();

        assertThat(OciConfig.effectiveCapabilities(spec)).contains("CAP_SYS_PTRACE").doesNotContain("CAP_KILL");
    }

    @Test
    void boundingMaskParsedInBitOrder() {
        // 0x1fffeffffff: every capability up to CHECKPOINT_RESTORE (bit 40) but SYS_RESOURCE (bit 24).
        Set<String> held = HostCapabilities.parse(List.of("CapInh:\t0000000000000000", "CapBnd:\t000001fffeffffff"));

        assertThat(held).hasSize(40).contains("CHOWN", "SYS_ADMIN", "CHECKPOINT_RESTORE");
        assertThat(held).doesNotContain("SYS_RESOURCE");
    }

    @Test
    void noNewPrivilegesOnlyWhenAsked() {
        JsonNode plain = JSON.readTree(OciConfig.render(busybox().build()));
        JsonNode restricted = JSON.readTree(OciConfig.render(busybox().noNewPrivileges(true).build()));

        assertThat(plain.path("process").path("noNewPrivileges").asBoolean()).isFalse();
        assertThat(restricted.path("process").path("noNewPrivileges").asBoolean()).isTrue();
    }

    @Test
    void droppedCapabilityIsRemoved() {
        ContainerSpec spec = busybox().dropCapabilities("NET_RAW").build();

        assertThat(OciConfig.effectiveCapabilities(spec)).doesNotContain("CAP_NET_RAW").contains("CAP_CHOWN");
    }

    @Test
    void procSysReadOnlyUnlessAsked() {
        JsonNode readOnly = JSON.readTree(OciConfig.render(busybox().build())).path("linux").path("readonlyPaths");
        JsonNode writable = JSON.readTree(OciConfig.render(busybox().writableProcSys(true).build()))
                .path("linux").path("readonlyPaths");

        assertThat(readOnly.toString()).contains("\"/proc/sys\"");
        assertThat(writable.toString()).doesNotContain("\"/proc/sys\"");
    }

    @Test
    void noSeccompUnlessAsked() {
        JsonNode plain = JSON.readTree(OciConfig.render(busybox().build()));
        JsonNode filtered = JSON.readTree(OciConfig.render(busybox().seccompAllowAll(true).build()));

        assertThat(plain.path("linux").has("seccomp")).isFalse();
        assertThat(filtered.path("linux").path("seccomp").path("defaultAction").asString()).isEqualTo("SCMP_ACT_ALLOW");
    }

    @Test
    void environmentKeepsOrder() {
        ContainerSpec spec = busybox().env("Z", "1").env("A", "2").env("M", "3").build();

        JsonNode env = JSON.readTree(OciConfig.render(spec)).path("process").path("env");

        assertThat(env.get(0).asString()).startsWith("PATH=");
        assertThat(env.get(1).asString()).isEqualTo("Z=1");
        assertThat(env.get(2).asString()).isEqualTo("A=2");
        assertThat(env.get(3).asString()).isEqualTo("M=3");
    }

    @Test
    void joinedNamespacesHavePaths() {
        ContainerSpec spec = busybox()
                .networkNamespace(Path.of("/run/netns/pod1"))
                .ipcNamespace(Path.of("/proc/42/ns/ipc"))
                .build();

        JsonNode namespaces = JSON.readTree(OciConfig.render(spec)).path("linux").path("namespaces");

        assertThat(namespaces.toString())
                .contains("{\"type\":\"network\",\"path\":\"/run/netns/pod1\"}")
                .contains("{\"type\":\"ipc\",\"path\":\"/proc/42/ns/ipc\"}")
                .contains("{\"type\":\"pid\"}");
    }

    @Test
    void openFilesLimitAboveMachineMaxRejected() {
        assertThatThrownBy(() -> busybox().openFilesLimit(65536).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536");
    }

    @Test
    void relativeMountDestinationRejected() {
        assertThatThrownBy(() -> Mount.bind(Path.of("/tmp"), "data"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data");
    }
}
