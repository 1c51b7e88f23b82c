package io.crik.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a defaulted pod before the local node runs it: the validation the API server would do
 * on the fields the node uses, and the features the node does not implement, each rejected with
 * a message that names the field.
 */
public final class PodValidator {

    private PodValidator() {
    }

    /**
     * @throws UnsupportedPodException for a feature the local node does not implement
     * @throws IllegalArgumentException for a pod the API server would reject
     */
    public static void validate(Pod pod) {
        PodSpec spec = pod.getSpec();
        String podName = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        if (spec.getContainers().isEmpty()) {
            throw new IllegalArgumentException("pod " + podName + " has no containers; add one under spec.containers");
        }
        rejectPodFeatures(spec, podName);

        Set<String> volumeNames = new HashSet<>();
        for (Volume volume : spec.getVolumes()) {
            if (!volumeNames.add(volume.getName())) {
                throw new IllegalArgumentException("pod " + podName + " declares volume " + volume.getName() + " twice");
            }
            if (volume.getEmptyDir() == null && volume.getPersistentVolumeClaim() == null) {
                throw new UnsupportedPodException("volume " + volume.getName() + " of pod " + podName + " has a type"
                        + " the local node does not support; use emptyDir or persistentVolumeClaim");
            }
        }

        Set<String> containerNames = new HashSet<>();
        List<Container> all = new ArrayList<>(spec.getInitContainers());
        all.addAll(spec.getContainers());
        for (Container container : all) {
            if (container.getName() == null || !containerNames.add(container.getName())) {
                throw new IllegalArgumentException("pod " + podName + " has a container without a name or two"
                        + " containers named " + container.getName() + "; give each a unique name");
            }
            validateContainer(container, volumeNames, podName);
        }
        for (Container init : spec.getInitContainers()) {
            if (init.getRestartPolicy() != null) {
                throw new UnsupportedPodException("init container " + init.getName() + " of pod " + podName
                        + " sets restartPolicy " + init.getRestartPolicy() + " (a native sidecar), which the local"
                        + " node does not support; make it a regular container");
            }
            if (init.getLifecycle() != null) {
                throw new IllegalArgumentException("init container " + init.getName() + " of pod " + podName
                        + " sets lifecycle, which init containers may not have");
            }
        }
    }

    private static void rejectPodFeatures(PodSpec spec, String podName) {
        List<String> unsupported = new ArrayList<>();

        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            unsupported.add("hostNetwork");
        }
        if (Boolean.TRUE.equals(spec.getHostPID())) {
            unsupported.add("hostPID");
        }
        if (Boolean.TRUE.equals(spec.getHostIPC())) {
            unsupported.add("hostIPC");
        }
        if (Boolean.TRUE.equals(spec.getShareProcessNamespace())) {
            unsupported.add("shareProcessNamespace");
        }
        if (Boolean.TRUE.equals(spec.getSetHostnameAsFQDN())) {
            unsupported.add("setHostnameAsFQDN");
        }
        if (spec.getHostAliases() != null && !spec.getHostAliases().isEmpty()) {
            unsupported.add("hostAliases");
        }
        if (spec.getEphemeralContainers() != null && !spec.getEphemeralContainers().isEmpty()) {
            unsupported.add("ephemeralContainers");
        }
        if (spec.getRuntimeClassName() != null) {
            unsupported.add("runtimeClassName");
        }
        if (spec.getOs() != null && !"linux".equals(spec.getOs().getName())) {
            unsupported.add("os.name " + spec.getOs().getName());
        }

        if (!unsupported.isEmpty()) {
            throw new UnsupportedPodException("pod " + podName + " uses " + String.join(", ", unsupported)
                    + ", which the local node does not support; remove it from the spec");
        }

        if (!List.of("Always", "OnFailure", "Never").contains(spec.getRestartPolicy())) {
            throw new IllegalArgumentException("pod " + podName + " has invalid restartPolicy '" + spec.getRestartPolicy()
                    + "'; use Always, OnFailure or Never");
        }
        if (spec.getTerminationGracePeriodSeconds() < 0) {
            throw new IllegalArgumentException("pod " + podName + " has a negative terminationGracePeriodSeconds");
        }
    }

    private static void validateContainer(Container container, Set<String> volumeNames, String podName) {
        String where = "container " + container.getName() + " of pod " + podName;
        if (container.getImage() == null || container.getImage().isEmpty()) {
            throw new IllegalArgumentException(where + " has no image; set image");
        }
        if (Boolean.TRUE.equals(container.getTty()) || Boolean.TRUE.equals(container.getStdin())) {
            throw new UnsupportedPodException(where + " sets tty or stdin, which the local node does not support;"
                    + " its stdin is always /dev/null");
        }
        if (container.getVolumeDevices() != null && !container.getVolumeDevices().isEmpty()) {
            throw new UnsupportedPodException(where + " uses volumeDevices, which the local node does not support");
        }
        if (container.getPorts() != null) {
            for (ContainerPort port : container.getPorts()) {
                if (port.getHostPort() != null && port.getHostPort() != 0) {
                    throw new UnsupportedPodException(where + " sets hostPort " + port.getHostPort()
                            + ", which the local node does not support; reach the pod inside its network namespace");
                }
            }
        }

        Set<String> mountPaths = new HashSet<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            if (!volumeNames.contains(mount.getName())) {
                throw new IllegalArgumentException(where + " mounts volume " + mount.getName()
                        + ", which the pod does not declare under spec.volumes");
            }
            if (mount.getMountPath() == null || !mount.getMountPath().startsWith("/")) {
                throw new IllegalArgumentException(where + " mounts volume " + mount.getName()
                        + " at '" + mount.getMountPath() + "'; the local node needs an absolute mountPath");
            }
            if (!mountPaths.add(mount.getMountPath())) {
                throw new IllegalArgumentException(where + " mounts two volumes at " + mount.getMountPath());
            }
            boolean hasSubPath = mount.getSubPath() != null && !mount.getSubPath().isEmpty();
            boolean hasSubPathExpr = mount.getSubPathExpr() != null && !mount.getSubPathExpr().isEmpty();
            if (hasSubPath && hasSubPathExpr) {
                throw new IllegalArgumentException(where + " sets both subPath and subPathExpr on volume mount "
                        + mount.getName() + "; keep one");
            }
            if (hasSubPath) {
                SubPath.validate(mount.getSubPath());
            }
            if (mount.getMountPropagation() != null && !mount.getMountPropagation().equals("None")) {
                throw new UnsupportedPodException(where + " sets mountPropagation " + mount.getMountPropagation()
                        + ", which the local node does not support");
            }
        }

        if (container.getLifecycle() != null) {
            validateHandler(container.getLifecycle().getPreStop(), "preStop", where);
            if (container.getLifecycle().getPostStart() != null) {
                throw new UnsupportedPodException(where + " has a postStart hook, which the local node does not run;"
                        + " remove it or start the work from the container's command");
            }
        }
    }

    private static void validateHandler(LifecycleHandler handler, String hook, String where) {
        if (handler == null) {
            return;
        }
        int actions = (handler.getExec() != null ? 1 : 0) + (handler.getHttpGet() != null ? 1 : 0)
                + (handler.getSleep() != null ? 1 : 0) + (handler.getTcpSocket() != null ? 1 : 0);
        if (actions != 1) {
            throw new IllegalArgumentException(where + " has a " + hook + " hook with " + actions
                    + " actions; give exactly one of exec, httpGet and sleep");
        }
        if (handler.getTcpSocket() != null) {
            throw new UnsupportedPodException(where + " has a tcpSocket " + hook + " hook, which the kubelet does"
                    + " not run either; use exec, httpGet or sleep");
        }
    }
}
