package io.crik.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds a container's environment in two steps. {@link #containerVariables} resolves the
 * container's {@code env} as the kubelet does. {@link #processEnvironment} then merges it with
 * the image's Env as containerd does, giving the environment the process starts with.
 */
public final class EnvironmentBuilder {

    /** containerd's PATH for an image that sets none. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private EnvironmentBuilder() {
    }

    /**
     * Resolves the container's {@code env}, in order. A literal value has {@code $(VAR)} expanded
     * against the variables defined before it in this list (not the image's Env); a downward API
     * value is taken as it is. A later entry with the same name replaces the earlier value.
     */
    public static Map<String, String> containerVariables(Pod pod, Container container, String podIp, String hostIp,
            NodeResources node) {
        if (container.getEnvFrom() != null && !container.getEnvFrom().isEmpty()) {
            throw new UnsupportedPodException("container " + container.getName() + " uses envFrom, which the local node"
                    + " does not support; list the variables under env instead");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        Function<String, String> lookup = VariableExpansion.keepingUnknown(variables);
        List<EnvVar> env = container.getEnv() == null ? List.of() : container.getEnv();
        for (EnvVar variable : env) {
            String value;
            if (variable.getValue() != null && !variable.getValue().isEmpty()) {
                value = VariableExpansion.expand(variable.getValue(), lookup);
            } else if (variable.getValueFrom() != null) {
                value = valueFrom(variable, pod, container, podIp, hostIp, node);
            } else {
                value = "";
            }
            variables.put(variable.getName(), value);
        }
        return variables;
    }

    /**
     * Merges into the process environment, in containerd's order: PATH (containerd's default),
     * HOSTNAME, the image's Env, then the container's variables. A name set again keeps its first
     * position and takes the later value.
     */
    public static Map<String, String> processEnvironment(String hostname, List<String> imageEnv,
            Map<String, String> containerVariables) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", DEFAULT_PATH);
        environment.put("HOSTNAME", hostname);
        for (String entry : imageEnv) {
            int equals = entry.indexOf('=');
            if (equals < 0) {
                environment.put(entry, "");
            } else {
                environment.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        environment.putAll(containerVariables);
        return environment;
    }

    private static String valueFrom(EnvVar variable, Pod pod, Container container, String podIp, String hostIp,
            NodeResources node) {
        EnvVarSource source = variable.getValueFrom();
        if (source.getFieldRef() != null) {
            return DownwardApi.field(source.getFieldRef(), pod, podIp, hostIp);
        }
        if (source.getResourceFieldRef() != null) {
            String target = source.getResourceFieldRef().getContainerName();
            Container measured = target == null || target.isEmpty() ? container : findContainer(pod, target);
            return DownwardApi.resource(source.getResourceFieldRef(), measured, node);
        }
        String kind = source.getSecretKeyRef() != null ? "secretKeyRef"
                : source.getConfigMapKeyRef() != null ? "configMapKeyRef" : "this valueFrom source";
        throw new UnsupportedPodException("variable " + variable.getName() + " of container " + container.getName()
                + " uses " + kind + ", which the local node does not support; give the value literally");
    }

    private static Container findContainer(Pod pod, String name) {
        for (Container candidate : pod.getSpec().getContainers()) {
            if (candidate.getName().equals(name)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("resourceFieldRef names container '" + name + "', which pod "
                + pod.getMetadata().getName() + " does not have");
    }
}
