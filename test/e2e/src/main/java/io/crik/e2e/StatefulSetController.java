package io.crik.e2e;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plays the StatefulSet controller for one StatefulSet: pod {@code <name>-<ordinal>} with the
 * same name each time it is replaced, its identity labels, hostname and subdomain, and a claim
 * per volumeClaimTemplate named {@code <template>-<name>-<ordinal>}.
 */
public final class StatefulSetController {

    static final String USER = "system:serviceaccount:kube-system:statefulset-controller";

    private final StatefulSet statefulSet;
    private final String revision;

    /** Takes a StatefulSet as applied; one without a UID gets one, as the API server assigns it on create. */
    public StatefulSetController(StatefulSet statefulSet) {
        StatefulSet copy = new StatefulSetBuilder(statefulSet).build();
        if (copy.getMetadata().getUid() == null || copy.getMetadata().getUid().isEmpty()) {
            copy.getMetadata().setUid(UUID.randomUUID().toString());
        }
        this.statefulSet = copy;
        // The controller names revisions <name>-<hash of the template>; the model's hash code stands in for it.
        this.revision = name() + "-" + Integer.toHexString(copy.getSpec().getTemplate().hashCode() & 0xfffffff);
    }

    public String name() {
        return statefulSet.getMetadata().getName();
    }

    public String namespace() {
        return statefulSet.getMetadata().getNamespace();
    }

    /** Returns the names of the claims that the volumeClaimTemplates give pod {@code ordinal}. */
    public List<String> claimNames(int ordinal) {
        List<String> names = new ArrayList<>();
        for (PersistentVolumeClaim template : statefulSet.getSpec().getVolumeClaimTemplates()) {
            names.add(template.getMetadata().getName() + "-" + podName(ordinal));
        }
        return names;
    }

    public String podName(int ordinal) {
        return name() + "-" + ordinal;
    }

    /** Returns the pod with this ordinal, the same each time the controller creates it. */
    public Pod pod(int ordinal) {
        var template = statefulSet.getSpec().getTemplate();
        String podName = podName(ordinal);
        Map<String, String> labels = new LinkedHashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.put("statefulset.kubernetes.io/pod-name", podName);
        labels.put("apps.kubernetes.io/pod-index", Integer.toString(ordinal));
        labels.put("controller-revision-hash", revision);
        Map<String, String> annotations = new LinkedHashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getAnnotations() != null) {
            annotations.putAll(template.getMetadata().getAnnotations());
        }

        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withName(podName)
                    .withNamespace(namespace())
                    .withLabels(labels)
                    .withAnnotations(annotations)
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet")
                            .withName(name()).withUid(statefulSet.getMetadata().getUid()).withController(true)
                            .withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
        pod = new PodBuilder(pod).build();
        pod.getSpec().setHostname(podName);
        pod.getSpec().setSubdomain(statefulSet.getSpec().getServiceName());

        List<Volume> volumes = pod.getSpec().getVolumes() == null ? new ArrayList<>() : new ArrayList<>(pod.getSpec().getVolumes());
        List<String> claims = claimNames(ordinal);
        List<PersistentVolumeClaim> templates = statefulSet.getSpec().getVolumeClaimTemplates();
        for (int i = 0; i < templates.size(); i++) {
            volumes.add(new VolumeBuilder().withName(templates.get(i).getMetadata().getName())
                    .withNewPersistentVolumeClaim().withClaimName(claims.get(i)).endPersistentVolumeClaim().build());
        }
        pod.getSpec().setVolumes(volumes);
        return pod;
    }
}
