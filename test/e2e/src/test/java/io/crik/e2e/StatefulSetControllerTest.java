package io.crik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** The pods the StatefulSet controller creates, without containers. */
class StatefulSetControllerTest {

    @Test
    void podHasFixedNameAndIdentity() {
        StatefulSetController controller = new StatefulSetController(Examples.statefulSet(Examples.REDIS_STATEFULSET));

        Pod first = controller.pod(0);
        Pod again = controller.pod(0);

        assertThat(first.getMetadata().getName()).isEqualTo("cache-0");
        assertThat(again).isEqualTo(first);
        assertThat(first.getMetadata().getLabels())
                .containsEntry("app", "cache")
                .containsEntry("statefulset.kubernetes.io/pod-name", "cache-0")
                .containsEntry("apps.kubernetes.io/pod-index", "0")
                .containsKey("controller-revision-hash");
        assertThat(first.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("StatefulSet");
        assertThat(first.getSpec().getHostname()).isEqualTo("cache-0");
        assertThat(first.getSpec().getSubdomain()).isEqualTo("cache");
    }

    @Test
    void claimTemplatesBecomeVolumes() {
        StatefulSet statefulSet = new KubernetesSerialization().unmarshal("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db, namespace: demo}
                spec:
                  serviceName: db
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec:
                      containers: [{name: db, image: busybox:1.36, volumeMounts: [{name: data, mountPath: /data}]}]
                  volumeClaimTemplates:
                  - metadata: {name: data}
                    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                """, StatefulSet.class);
        StatefulSetController controller = new StatefulSetController(statefulSet);

        Pod pod = controller.pod(2);

        assertThat(controller.claimNames(2)).containsExactly("data-db-2");
        assertThat(pod.getSpec().getVolumes()).singleElement().satisfies(volume -> {
            assertThat(volume.getName()).isEqualTo("data");
            assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("data-db-2");
        });
    }
}
