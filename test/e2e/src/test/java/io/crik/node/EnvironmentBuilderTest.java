package io.crik.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentBuilderTest {

    private static final NodeResources NODE = new NodeResources(new Quantity("2"), new Quantity("8Gi"),
            new Quantity("100Gi"));

    private static Map<String, String> variables(String yaml) {
        Pod pod = TestPods.defaulted(yaml);
        return EnvironmentBuilder.containerVariables(pod, pod.getSpec().getContainers().get(0), "127.0.0.1",
                "127.0.0.2", NODE);
    }

    @Test
    void laterEntriesSeeEarlierOnes() {
        Map<String, String> env = variables("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - name: c
                    image: busybox
                    env:
                    - {name: FIRST, value: one}
                    - {name: SECOND, value: "$(FIRST)-two"}
                    - {name: THIRD, value: "$(SECOND)-three $(LATER)"}
                    - {name: LATER, value: later}
                    - {name: ESCAPED, value: "$$(FIRST)"}
                """);

        assertThat(env).containsExactly(
                Map.entry("FIRST", "one"),
                Map.entry("SECOND", "one-two"),
                Map.entry("THIRD", "one-two-three $(LATER)"),
                Map.entry("LATER", "later"),
                Map.entry("ESCAPED", "$(FIRST)"));
    }

    @Test
    void repeatedNameTakesLaterValue() {
        Map<String, String> env = variables("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - name: c
                    image: busybox
                    env:
                    - {name: X, value: old}
                    - {name: Y, value: "$(X)"}
                    - {name: X, value: "new-$(X)"}
                """);

        assertThat(env).containsExactly(Map.entry("X", "new-old"), Map.entry("Y", "old"));
    }

    @Test
    void emptyValueIsSetAndExpandsToEmpty() {
        Map<String, String> env = variables("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - name: c
                    image: busybox
                    env:
                    - {name: EMPTY}
                    - {name: USES, value: "[$(EMPTY)]"}
                """);

        assertThat(env).containsEntry("EMPTY", "").containsEntry("USES", "[]");
    }

    @Test
    void downwardApiFieldsResolved() {
        Map<String, String> env = variables("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web-0
                  namespace: shop
                  uid: 1111-2222
                  labels: {app: web}
                  annotations: {crik.io/checkpoint-key: k1}
                spec:
                  serviceAccountName: runner
                  containers:
                  - name: c
                    image: busybox
                    env:
                    - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                    - {name: NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
                    - {name: UID, valueFrom: {fieldRef: {fieldPath: metadata.uid}}}
                    - {name: APP, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}
                    - {name: NOLABEL, valueFrom: {fieldRef: {fieldPath: "metadata.labels['missing']"}}}
                    - {name: KEY, valueFrom: {fieldRef: {fieldPath: "metadata.annotations['crik.io/checkpoint-key']"}}}
                    - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
                    - {name: SA, valueFrom: {fieldRef: {fieldPath: spec.serviceAccountName}}}
                    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                    - {name: HOST_IP, valueFrom: {fieldRef: {fieldPath: status.hostIP}}}
                    - {name: COMBINED, value: "$(NS)/$(POD)@$(NODE)"}
                """);

        assertThat(env).containsEntry("POD", "web-0");
        assertThat(env).containsEntry("NS", "shop");
        assertThat(env).containsEntry("UID", "1111-2222");
        assertThat(env).containsEntry("APP", "web");
        assertThat(env).containsEntry("NOLABEL", "");
        assertThat(env).containsEntry("KEY", "k1");
        assertThat(env).containsEntry("NODE", "test-node");
        assertThat(env).containsEntry("SA", "runner");
        assertThat(env).containsEntry("POD_IP", "127.0.0.1");
        assertThat(env).containsEntry("HOST_IP", "127.0.0.2");
        assertThat(env).containsEntry("COMBINED", "shop/web-0@test-node");
    }

    @Test
    void downwardApiValueNotExpanded() {
        Map<String, String> env = variables("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                  labels: {raw: "$(A)"}
                spec:
                  containers:
                  - name: c
                    image: busybox
                    env:
                    - {name: A, value: a}
                    - {name: RAW, valueFrom: {fieldRef: {fieldPath: "metadata.labels['raw']"}}}
                """);

        assertThat(env).containsEntry("RAW", "$(A)");
    }

    @Test
    void resourceFieldsRoundedUp() {
        Map<String, String> env = variables("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - name: c
                    image: busybox
                    resources:
                      limits: {cpu: 1500m, memory: 100Mi}
                    env:
                    - {name: CPU, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}
                    - {name: CPU_MILLI, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1m}}}
                    - {name: MEM, valueFrom: {resourceFieldRef: {resource: limits.memory}}}
                    - {name: MEM_MI, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
                    - {name: REQ_MEM_GI, valueFrom: {resourceFieldRef: {resource: requests.memory, divisor: 1Gi}}}
                    - {name: STORAGE, valueFrom: {resourceFieldRef: {resource: limits.ephemeral-storage, divisor: 1Gi}}}
                """);

        assertThat(env).containsEntry("CPU", "2");
        assertThat(env).containsEntry("CPU_MILLI", "1500");
        assertThat(env).containsEntry("MEM", Long.toString(100L * 1024 * 1024));
        assertThat(env).containsEntry("MEM_MI", "100");
        assertThat(env).as("requests default to limits").containsEntry("REQ_MEM_GI", "1");
        assertThat(env).as("no limit: node allocatable").containsEntry("STORAGE", "100");
    }

    @Test
    void unlimitedCpuReportsNode() {
        Map<String, String> env = variables("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - name: c
                    image: busybox
                    env:
                    - {name: CPU, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}
                    - {name: MEM, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Gi}}}
                    - {name: REQ_CPU, valueFrom: {resourceFieldRef: {resource: requests.cpu}}}
                """);

        assertThat(env).containsEntry("CPU", "2");
        assertThat(env).containsEntry("MEM", "8");
        assertThat(env).containsEntry("REQ_CPU", "0");
    }

    @Test
    void secretRefRejected() {
        assertThatThrownBy(() -> variables("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - name: c
                    image: busybox
                    env:
                    - {name: PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}
                """))
                .isInstanceOf(UnsupportedPodException.class)
                .hasMessageContaining("PASSWORD")
                .hasMessageContaining("secretKeyRef");
    }

    @Test
    void envFromRejected() {
        assertThatThrownBy(() -> variables("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - name: c
                    image: busybox
                    envFrom:
                    - configMapRef: {name: settings}
                """))
                .isInstanceOf(UnsupportedPodException.class)
                .hasMessageContaining("envFrom");
    }

    @Test
    void unknownFieldPathRejected() {
        assertThatThrownBy(() -> variables("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - name: c
                    image: busybox
                    env:
                    - {name: X, valueFrom: {fieldRef: {fieldPath: status.phase}}}
                """))
                .isInstanceOf(UnsupportedPodException.class)
                .hasMessageContaining("status.phase");
    }

    @Test
    void processEnvironmentInContainerdOrder() {
        Map<String, String> environment = EnvironmentBuilder.processEnvironment("pod-1",
                List.of("PATH=/image/bin", "LANG=C.UTF-8", "HOSTNAME=from-image", "FLAG"),
                new java.util.LinkedHashMap<>(Map.of("LANG", "en_US.UTF-8")));

        assertThat(environment).containsExactly(
                Map.entry("PATH", "/image/bin"),
                Map.entry("HOSTNAME", "from-image"),
                Map.entry("LANG", "en_US.UTF-8"),
                Map.entry("FLAG", ""));
    }

    @Test
    void processEnvironmentDefaultsPathAndHostname() {
        Map<String, String> environment = EnvironmentBuilder.processEnvironment("pod-1", List.of(), Map.of("A", "1"));

        assertThat(environment).containsExactly(
                Map.entry("PATH", EnvironmentBuilder.DEFAULT_PATH),
                Map.entry("HOSTNAME", "pod-1"),
                Map.entry("A", "1"));
    }
}
