package io.crik.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Values of downward API environment variables: {@code fieldRef} and {@code resourceFieldRef}. */
public final class DownwardApi {

    private static final Pattern MAP_ENTRY = Pattern.compile("metadata\\.(labels|annotations)\\['(.*)'\\]");
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private DownwardApi() {
    }

    /**
     * Returns the value of a {@code fieldRef} for a pod that runs on a node. A missing label or
     * annotation gives an empty string.
     *
     * @param pod the pod with its defaults applied and {@code spec.nodeName} set
     * @param podIp the pod's IP address
     * @param hostIp the node's IP address
     */
    public static String field(ObjectFieldSelector selector, Pod pod, String podIp, String hostIp) {
        String path = selector.getFieldPath();
        if (selector.getApiVersion() != null && !selector.getApiVersion().equals("v1")) {
            throw new UnsupportedPodException("fieldRef apiVersion '" + selector.getApiVersion()
                    + "' is not supported; use v1");
        }
        Matcher entry = MAP_ENTRY.matcher(path);
        if (entry.matches()) {
            Map<String, String> values = entry.group(1).equals("labels")
                    ? pod.getMetadata().getLabels() : pod.getMetadata().getAnnotations();
            return values == null ? "" : values.getOrDefault(entry.group(2), "");
        }
        return switch (path) {
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "metadata.uid" -> pod.getMetadata().getUid();
            case "spec.nodeName" -> pod.getSpec().getNodeName();
            case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
            case "status.podIP", "status.podIPs" -> podIp;
            case "status.hostIP", "status.hostIPs" -> hostIp;
            default -> throw new UnsupportedPodException("fieldRef fieldPath '" + path + "' is not supported in env;"
                    + " use metadata.name, metadata.namespace, metadata.uid, metadata.labels['KEY'],"
                    + " metadata.annotations['KEY'], spec.nodeName, spec.serviceAccountName, status.podIP"
                    + " or status.hostIP");
        };
    }

    /**
     * Returns the value of a {@code resourceFieldRef}: the amount divided by the divisor (default
     * 1), rounded up. A container without a limit reports the node's allocatable amount.
     */
    public static String resource(ResourceFieldSelector selector, Container container, NodeResources node) {
        String resource = selector.getResource();
        BigDecimal divisor = selector.getDivisor() == null ? BigDecimal.ONE : selector.getDivisor().getNumericalAmount();
        Map<String, Quantity> limits = container.getResources() == null ? Map.of() : nonNull(container.getResources().getLimits());
        Map<String, Quantity> requests = container.getResources() == null ? Map.of() : nonNull(container.getResources().getRequests());

        return switch (resource) {
            case "limits.cpu" -> cpu(limits.getOrDefault("cpu", node.cpu()), divisor);
            case "limits.memory" -> bytes(limits.getOrDefault("memory", node.memory()), divisor);
            case "limits.ephemeral-storage" -> bytes(limits.getOrDefault("ephemeral-storage", node.ephemeralStorage()), divisor);
            case "requests.cpu" -> cpu(requests.getOrDefault("cpu", new Quantity("0")), divisor);
            case "requests.memory" -> bytes(requests.getOrDefault("memory", new Quantity("0")), divisor);
            case "requests.ephemeral-storage" -> bytes(requests.getOrDefault("ephemeral-storage", new Quantity("0")), divisor);
            default -> throw new UnsupportedPodException("resourceFieldRef resource '" + resource + "' is not supported;"
                    + " use limits or requests of cpu, memory or ephemeral-storage");
        };
    }

    /** CPU in units of the divisor, computed in millicores as the kubelet does. */
    private static String cpu(Quantity amount, BigDecimal divisor) {
        BigDecimal milli = amount.getNumericalAmount().multiply(THOUSAND).setScale(0, RoundingMode.CEILING);
        BigDecimal divisorMilli = divisor.multiply(THOUSAND).setScale(0, RoundingMode.CEILING);
        return milli.divide(divisorMilli, 0, RoundingMode.CEILING).toPlainString();
    }

    private static String bytes(Quantity amount, BigDecimal divisor) {
        BigDecimal value = amount.getNumericalAmount().setScale(0, RoundingMode.CEILING);
        return value.divide(divisor.setScale(0, RoundingMode.CEILING), 0, RoundingMode.CEILING).toPlainString();
    }

    private static Map<String, Quantity> nonNull(Map<String, Quantity> map) {
        return map == null ? Map.of() : map;
    }
}
