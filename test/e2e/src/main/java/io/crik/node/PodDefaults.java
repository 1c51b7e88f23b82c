package io.crik.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the API server, its admission plugins and the scheduler add to a pod before a kubelet
 * receives it: a name for {@code generateName}, namespace, UID, creation time, the default
 * restartPolicy, grace period, service account and termination message path, requests copied
 * from limits, and {@code spec.nodeName}.
 */
public final class PodDefaults {

    private static final String NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int NAME_SUFFIX_LENGTH = 5;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PodDefaults() {
    }

    /** Returns a defaulted copy of {@code pod}, bound to {@code nodeName}; the input is not changed. */
    public static Pod apply(Pod pod, String nodeName) {
        Pod copy = new PodBuilder(pod).build();
        var metadata = copy.getMetadata();
        if (metadata == null) {
            throw new IllegalArgumentException("pod has no metadata; set metadata.name or metadata.generateName");
        }
        if (metadata.getName() == null || metadata.getName().isEmpty()) {
            if (metadata.getGenerateName() == null || metadata.getGenerateName().isEmpty()) {
                throw new IllegalArgumentException("pod has neither metadata.name nor metadata.generateName; set one");
            }
            metadata.setName(generatedName(metadata.getGenerateName()));
        }
        if (metadata.getNamespace() == null || metadata.getNamespace().isEmpty()) {
            metadata.setNamespace("default");
        }
        if (metadata.getUid() == null || metadata.getUid().isEmpty()) {
            metadata.setUid(UUID.randomUUID().toString());
        }
        if (metadata.getCreationTimestamp() == null) {
            metadata.setCreationTimestamp(Instant.now().toString());
        }
        if (metadata.getLabels() == null) {
            metadata.setLabels(new HashMap<>());
        }
        if (metadata.getAnnotations() == null) {
            metadata.setAnnotations(new HashMap<>());
        }

        var spec = copy.getSpec();
        if (spec == null) {
            throw new IllegalArgumentException("pod " + metadata.getName() + " has no spec");
        }
        if (spec.getRestartPolicy() == null) {
            spec.setRestartPolicy("Always");
        }
        if (spec.getTerminationGracePeriodSeconds() == null) {
            spec.setTerminationGracePeriodSeconds(30L);
        }
        if (spec.getServiceAccountName() == null || spec.getServiceAccountName().isEmpty()) {
            spec.setServiceAccountName(spec.getServiceAccount() == null || spec.getServiceAccount().isEmpty()
                    ? "default" : spec.getServiceAccount());
        }
        if (spec.getInitContainers() == null) {
            spec.setInitContainers(new ArrayList<>());
        }
        if (spec.getContainers() == null) {
            spec.setContainers(new ArrayList<>());
        }
        if (spec.getVolumes() == null) {
            spec.setVolumes(new ArrayList<>());
        }
        spec.setNodeName(nodeName);

        List<Container> all = new ArrayList<>(spec.getInitContainers());
        all.addAll(spec.getContainers());
        for (Container container : all) {
            defaultContainer(container);
        }
        return copy;
    }

    private static void defaultContainer(Container container) {
        if (container.getTerminationMessagePath() == null || container.getTerminationMessagePath().isEmpty()) {
            container.setTerminationMessagePath("/dev/termination-log");
        }
        if (container.getTerminationMessagePolicy() == null) {
            container.setTerminationMessagePolicy("File");
        }
        if (container.getImagePullPolicy() == null && container.getImage() != null) {
            boolean latest = ImageReference.normalize(container.getImage()).endsWith(":latest");
            container.setImagePullPolicy(latest ? "Always" : "IfNotPresent");
        }
        if (container.getVolumeMounts() == null) {
            container.setVolumeMounts(new ArrayList<>());
        }
        ResourceRequirements resources = container.getResources();
        if (resources != null && resources.getLimits() != null) {
            Map<String, Quantity> requests = resources.getRequests() == null
                    ? new HashMap<>() : new HashMap<>(resources.getRequests());
            resources.getLimits().forEach(requests::putIfAbsent);
            resources.setRequests(requests);
        }
    }

    /** Returns a name for a pod created with {@code generateName}, as the API server makes one: the prefix and 5 random characters. */
    public static String generatedName(String generateName) {
        return generateName + randomSuffix();
    }

    private static String randomSuffix() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < NAME_SUFFIX_LENGTH; i++) {
            suffix.append(NAME_SUFFIX_ALPHABET.charAt(RANDOM.nextInt(NAME_SUFFIX_ALPHABET.length())));
        }
        return suffix.toString();
    }

    /**
     * Returns the pod's hostname as the kubelet sets it: {@code spec.hostname} or else the pod
     * name, cut to 63 characters with trailing {@code -} and {@code .} removed.
     */
    public static String hostname(Pod pod) {
        String hostname = pod.getSpec().getHostname() == null || pod.getSpec().getHostname().isEmpty()
                ? pod.getMetadata().getName() : pod.getSpec().getHostname();
        if (hostname.length() <= 63) {
            return hostname;
        }
        String truncated = hostname.substring(0, 63);
        int end = truncated.length();
        while (end > 0 && (truncated.charAt(end - 1) == '-' || truncated.charAt(end - 1) == '.')) {
            end--;
        }
        return truncated.substring(0, end);
    }
}
