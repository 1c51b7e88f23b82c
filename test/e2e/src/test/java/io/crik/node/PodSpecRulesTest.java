package io.crik.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PodSpecRulesTest {

    @Nested
    class Defaults {

        @Test
        void apiServerDefaultsApplied() {
            Pod original = PodManifests.parse("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {generateName: job-}
                    spec:
                      containers:
                      - name: c
                        image: busybox:1.36
                        resources: {limits: {memory: 64Mi}}
                    """);

            Pod pod = PodDefaults.apply(original, "node-a");

            assertThat(pod.getMetadata().getName()).matches("job-[bcdfghjklmnpqrstvwxz2456789]{5}");
            assertThat(pod.getMetadata().getNamespace()).isEqualTo("default");
            assertThat(pod.getMetadata().getUid()).isNotEmpty();
            assertThat(pod.getSpec().getNodeName()).isEqualTo("node-a");
            assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Always");
            assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
            assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("default");
            var container = pod.getSpec().getContainers().get(0);
            assertThat(container.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
            assertThat(container.getTerminationMessagePolicy()).isEqualTo("File");
            assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
            assertThat(container.getResources().getRequests()).containsKey("memory");
            assertThat(original.getSpec().getNodeName()).as("input unchanged").isNull();
        }

        @Test
        void hostnameFromSpecOrName() {
            Pod named = TestPods.defaulted("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web-0}
                    spec: {containers: [{name: c, image: busybox}]}
                    """);
            Pod withHostname = TestPods.defaulted("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web-0}
                    spec: {hostname: custom, containers: [{name: c, image: busybox}]}
                    """);
            Pod longName = TestPods.defaulted("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: %s}
                    spec: {containers: [{name: c, image: busybox}]}
                    """.formatted("a".repeat(62) + "-b"));

            assertThat(PodDefaults.hostname(named)).isEqualTo("web-0");
            assertThat(PodDefaults.hostname(withHostname)).isEqualTo("custom");
            assertThat(PodDefaults.hostname(longName)).isEqualTo("a".repeat(62));
        }
    }

    @Nested
    class Validation {

        private void validate(String yaml) {
            PodValidator.validate(TestPods.defaulted(yaml));
        }

        @Test
        void plainPodAccepted() {
            validate("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: p}
                    spec:
                      volumes:
                      - {name: scratch, emptyDir: {}}
                      - {name: data, persistentVolumeClaim: {claimName: data}}
                      initContainers: [{name: init, image: busybox}]
                      containers:
                      - name: c
                        image: busybox
                        volumeMounts:
                        - {name: scratch, mountPath: /scratch}
                        - {name: data, mountPath: /data, subPath: a/b, readOnly: true}
                        lifecycle:
                          preStop: {exec: {command: [sh, -c, "true"]}}
                    """);
        }

        @Test
        void nativeSidecarRejected() {
            assertThatThrownBy(() -> validate("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: p}
                    spec:
                      initContainers: [{name: proxy, image: busybox, restartPolicy: Always}]
                      containers: [{name: c, image: busybox}]
                    """))
                    .isInstanceOf(UnsupportedPodException.class)
                    .hasMessageContaining("native sidecar")
                    .hasMessageContaining("proxy");
        }

        @ParameterizedTest
        @ValueSource(strings = {"configMap: {name: settings}", "secret: {secretName: s}", "hostPath: {path: /etc}"})
        void unsupportedVolumeRejected(String source) {
            assertThatThrownBy(() -> validate("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: p}
                    spec:
                      volumes: [{name: v, %s}]
                      containers: [{name: c, image: busybox}]
                    """.formatted(source)))
                    .isInstanceOf(UnsupportedPodException.class)
                    .hasMessageContaining("volume v")
                    .hasMessageContaining("emptyDir or persistentVolumeClaim");
        }

        @ParameterizedTest
        @ValueSource(strings = {"hostNetwork: true", "hostPID: true", "shareProcessNamespace: true"})
        void hostNamespacesRejected(String field) {
            assertThatThrownBy(() -> validate("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: p}
                    spec:
                      %s
                      containers: [{name: c, image: busybox}]
                    """.formatted(field)))
                    .isInstanceOf(UnsupportedPodException.class)
                    .hasMessageContaining(field.substring(0, field.indexOf(':')));
        }

        @Test
        void undeclaredVolumeRejected() {
            assertThatThrownBy(() -> validate("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: p}
                    spec:
                      containers:
                      - {name: c, image: busybox, volumeMounts: [{name: missing, mountPath: /m}]}
                    """))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("missing");
        }

        @Test
        void duplicateContainerNameRejected() {
            assertThatThrownBy(() -> validate("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: p}
                    spec:
                      initContainers: [{name: c, image: busybox}]
                      containers: [{name: c, image: busybox}]
                    """))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("named c");
        }

        @Test
        void postStartHookRejected() {
            assertThatThrownBy(() -> validate("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: p}
                    spec:
                      containers:
                      - name: c
                        image: busybox
                        lifecycle: {postStart: {exec: {command: ["true"]}}}
                    """))
                    .isInstanceOf(UnsupportedPodException.class)
                    .hasMessageContaining("postStart");
        }

        @Test
        void tcpSocketHookRejected() {
            assertThatThrownBy(() -> validate("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: p}
                    spec:
                      containers:
                      - name: c
                        image: busybox
                        lifecycle: {preStop: {tcpSocket: {port: 80}}}
                    """))
                    .isInstanceOf(UnsupportedPodException.class)
                    .hasMessageContaining("tcpSocket");
        }
    }

    @Nested
    class SubPaths {

        @ParameterizedTest
        @ValueSource(strings = {"/abs", "../up", "a/../../b", "a/.."})
        void escapingSubPathRejected(String subPath) {
            assertThatThrownBy(() -> SubPath.validate(subPath))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(subPath);
        }

        @ParameterizedTest
        @ValueSource(strings = {"a", "a/b/c", "..hidden", "a/.b"})
        void relativeSubPathAccepted(String subPath) {
            SubPath.validate(subPath);
        }

        @Test
        void subPathExprExpanded() {
            String expanded = SubPath.expand("$(POD)/logs/$$(x)", Map.of("POD", "web-0"));

            assertThat(expanded).isEqualTo("web-0/logs/$(x)");
        }

        @Test
        void subPathExprMissingVariableRejected() {
            assertThatThrownBy(() -> SubPath.expand("$(POD)/$(EMPTY)/$(NOPE)", Map.of("POD", "p", "EMPTY", "")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("EMPTY, NOPE");
        }
    }
}
