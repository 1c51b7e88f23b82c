package io.crik.wrapper.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    private static Fingerprint of(List<String> command, Map<String, String> env, Set<String> excluded) {
        return Fingerprint.of("registry.example/app:1", command, "/work", env, excluded);
    }

    @Test
    void perPodVariablesDoNotCount() {
        String first = of(List.of("app"), Map.of("A", "1", "HOSTNAME", "pod-a", "CRIK_POD_NAME", "pod-a", "POD_IP", "10.0.0.1"),
                Set.of("POD_IP")).digest();
        String second = of(List.of("app"), Map.of("A", "1", "HOSTNAME", "pod-b", "CRIK_POD_NAME", "pod-b", "POD_IP", "10.0.0.2"),
                Set.of("POD_IP")).digest();

        assertThat(first).isEqualTo(second).hasSize(64);
    }

    @Test
    void commandEnvironmentImageAndDirectoryCount() {
        Fingerprint base = of(List.of("app", "--x"), Map.of("A", "1"), Set.of());

        assertThat(of(List.of("app", "--y"), Map.of("A", "1"), Set.of()).digest()).isNotEqualTo(base.digest());
        assertThat(of(List.of("app", "--x"), Map.of("A", "2"), Set.of()).digest()).isNotEqualTo(base.digest());
        assertThat(Fingerprint.of("registry.example/app:2", List.of("app", "--x"), "/work", Map.of("A", "1"), Set.of()).digest())
                .isNotEqualTo(base.digest());
        assertThat(Fingerprint.of("registry.example/app:1", List.of("app", "--x"), "/other", Map.of("A", "1"), Set.of()).digest())
                .isNotEqualTo(base.digest());
    }

    @Test
    void argumentBoundariesCount() {
        assertThat(of(List.of("a b", "c"), Map.of(), Set.of()).digest())
                .isNotEqualTo(of(List.of("a", "b c"), Map.of(), Set.of()).digest());
    }

    @Test
    void serviceLinkVariablesDoNotCount() {
        Map<String, String> before = Map.of("A", "1",
                "KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443",
                "KUBERNETES_SERVICE_PORT_HTTPS", "443", "KUBERNETES_PORT", "tcp://10.96.0.1:443",
                "KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1");
        Map<String, String> after = Map.of("A", "1",
                "KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443",
                "KUBERNETES_SERVICE_PORT_HTTPS", "443", "KUBERNETES_PORT", "tcp://10.96.0.1:443",
                "KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1",
                "REDIS_SERVICE_HOST", "10.96.4.7", "REDIS_SERVICE_PORT", "6379",
                "REDIS_PORT", "tcp://10.96.4.7:6379", "REDIS_PORT_6379_TCP_PROTO", "tcp");

        assertThat(of(List.of("app"), after, Set.of()).digest()).isEqualTo(of(List.of("app"), before, Set.of()).digest());
    }

    @Test
    void portVariableWithoutServiceCounts() {
        String first = of(List.of("app"), Map.of("DB_PORT", "5432"), Set.of()).digest();
        String second = of(List.of("app"), Map.of("DB_PORT", "6543"), Set.of()).digest();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void environmentDigestsDependOnValueAndSalt() {
        String salt = Fingerprint.newSalt();
        Map<String, String> first = of(List.of("app"), Map.of("A", "1", "B", "1"), Set.of()).environmentDigests(salt);
        Map<String, String> second = of(List.of("app"), Map.of("A", "1", "B", "2"), Set.of()).environmentDigests(salt);
        Map<String, String> otherSalt = of(List.of("app"), Map.of("A", "1", "B", "1"), Set.of())
                .environmentDigests(Fingerprint.newSalt());

        assertThat(first).containsOnlyKeys("A", "B");
        assertThat(first.get("A")).isEqualTo(second.get("A")).hasSize(64);
        assertThat(first.get("B")).isNotEqualTo(second.get("B"));
        assertThat(first.get("A")).isNotEqualTo(first.get("B"));
        assertThat(otherSalt.get("A")).isNotEqualTo(first.get("A"));
    }

    @Test
    void environmentDigestsLeaveOutPerPodVariables() {
        Map<String, String> digests = of(List.of("app"), Map.of("A", "1", "HOSTNAME", "pod-a", "POD_IP", "10.0.0.1"),
                Set.of("POD_IP")).environmentDigests(Fingerprint.newSalt());

        assertThat(digests).containsOnlyKeys("A");
    }

    @Test
    void newSaltIsRandom() {
        assertThat(Fingerprint.newSalt()).hasSize(32).isNotEqualTo(Fingerprint.newSalt());
    }
}
