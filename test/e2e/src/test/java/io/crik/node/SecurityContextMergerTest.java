package io.crik.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecurityContextMergerTest {

    private static EffectiveSecurity merge(String yaml, boolean seccompDefault) {
        Pod pod = TestPods.defaulted(yaml);
        var container = pod.getSpec().getContainers().get(0);
        return SecurityContextMerger.merge(container.getName(), pod.getSpec().getSecurityContext(),
                container.getSecurityContext(), seccompDefault);
    }

    private static EffectiveSecurity merge(String yaml) {
        return merge(yaml, true);
    }

    @Test
    void nothingSetGivesDefaults() {
        EffectiveSecurity security = merge("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers: [{name: c, image: busybox}]
                """);

        assertThat(security.runAsUser()).isNull();
        assertThat(security.runAsGroup()).isNull();
        assertThat(security.runAsNonRoot()).isFalse();
        assertThat(security.addedCapabilities()).isEmpty();
        assertThat(security.droppedCapabilities()).isEmpty();
        assertThat(security.readOnlyRootFilesystem()).isFalse();
        assertThat(security.allowPrivilegeEscalation()).isTrue();
        assertThat(security.seccomp()).isEqualTo(EffectiveSecurity.Seccomp.RUNTIME_DEFAULT);
    }

    @Test
    void unsetSeccompUnconfinedWithoutSeccompDefault() {
        EffectiveSecurity security = merge("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers: [{name: c, image: busybox}]
                """, false);

        assertThat(security.seccomp()).isEqualTo(EffectiveSecurity.Seccomp.UNCONFINED);
    }

    @Test
    void podDefaultsApplyToContainer() {
        EffectiveSecurity security = merge("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  securityContext:
                    runAsUser: 1000
                    runAsGroup: 3000
                    runAsNonRoot: true
                    seccompProfile: {type: Unconfined}
                  containers: [{name: c, image: busybox}]
                """);

        assertThat(security.runAsUser()).isEqualTo(1000L);
        assertThat(security.runAsGroup()).isEqualTo(3000L);
        assertThat(security.runAsNonRoot()).isTrue();
        assertThat(security.seccomp()).isEqualTo(EffectiveSecurity.Seccomp.UNCONFINED);
    }

    @Test
    void containerOverridesPod() {
        EffectiveSecurity security = merge("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  securityContext:
                    runAsUser: 1000
                    runAsGroup: 3000
                    runAsNonRoot: true
                    seccompProfile: {type: RuntimeDefault}
                  containers:
                  - name: c
                    image: busybox
                    securityContext:
                      runAsUser: 2000
                      runAsNonRoot: false
                      seccompProfile: {type: Unconfined}
                      readOnlyRootFilesystem: true
                      allowPrivilegeEscalation: false
                      capabilities:
                        add: [SYS_PTRACE, CHECKPOINT_RESTORE]
                        drop: [ALL]
                """);

        assertThat(security.runAsUser()).isEqualTo(2000L);
        assertThat(security.runAsGroup()).as("not set on the container").isEqualTo(3000L);
        assertThat(security.runAsNonRoot()).isFalse();
        assertThat(security.seccomp()).isEqualTo(EffectiveSecurity.Seccomp.UNCONFINED);
        assertThat(security.readOnlyRootFilesystem()).isTrue();
        assertThat(security.allowPrivilegeEscalation()).isFalse();
        assertThat(security.addedCapabilities()).containsExactly("SYS_PTRACE", "CHECKPOINT_RESTORE");
        assertThat(security.droppedCapabilities()).containsExactly("ALL");
    }

    @Test
    void localhostSeccompRejected() {
        assertThatThrownBy(() -> merge("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - name: c
                    image: busybox
                    securityContext:
                      seccompProfile: {type: Localhost, localhostProfile: my.json}
                """))
                .isInstanceOf(UnsupportedPodException.class)
                .hasMessageContaining("Localhost");
    }

    @Test
    void privilegedRejected() {
        assertThatThrownBy(() -> merge("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - {name: c, image: busybox, securityContext: {privileged: true}}
                """))
                .isInstanceOf(UnsupportedPodException.class)
                .hasMessageContaining("privileged");
    }

    @Test
    void fsGroupRejected() {
        assertThatThrownBy(() -> merge("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  securityContext: {fsGroup: 2000}
                  containers: [{name: c, image: busybox}]
                """))
                .isInstanceOf(UnsupportedPodException.class)
                .hasMessageContaining("fsGroup");
    }

    @Test
    void noEscalationWithCapSysAdminInvalid() {
        assertThatThrownBy(() -> merge("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - name: c
                    image: busybox
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities: {add: [NET_ADMIN, CAP_SYS_ADMIN]}
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("container c is invalid: securityContext: cannot set `allowPrivilegeEscalation`"
                        + " to false and `capabilities.Add` CAP_SYS_ADMIN");
    }

    // The API server compares the literal string CAP_SYS_ADMIN, so other spellings pass.
    @ParameterizedTest
    @ValueSource(strings = {"SYS_ADMIN", "sys_admin", "cap_sys_admin"})
    void noEscalationWithOtherSysAdminSpellingsValid(String capability) {
        EffectiveSecurity security = merge("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - name: c
                    image: busybox
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities: {add: [%s]}
                """.formatted(capability));

        assertThat(security.allowPrivilegeEscalation()).isFalse();
        assertThat(security.addedCapabilities()).containsExactly(capability);
    }

    @Test
    void capSysAdminValidWithEscalation() {
        EffectiveSecurity security = merge("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - name: c
                    image: busybox
                    securityContext:
                      capabilities: {add: [CAP_SYS_ADMIN]}
                """);

        assertThat(security.allowPrivilegeEscalation()).isTrue();
        assertThat(security.addedCapabilities()).containsExactly("CAP_SYS_ADMIN");
    }
}
