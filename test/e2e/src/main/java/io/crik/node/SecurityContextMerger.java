package io.crik.node;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.List;

/**
 * Merges pod-level security defaults into a container's security context as Kubernetes does:
 * runAsUser, runAsGroup, runAsNonRoot and seccompProfile fall back to the pod's values, and
 * capabilities, readOnlyRootFilesystem and allowPrivilegeEscalation exist per container only.
 */
public final class SecurityContextMerger {

    private SecurityContextMerger() {
    }

    /**
     * Returns the effective settings.
     *
     * @param seccompDefault what an unset seccomp profile means: true gives RuntimeDefault, as a
     *     kubelet started with {@code --seccomp-default}; false gives Unconfined, the kubelet's default
     */
    public static EffectiveSecurity merge(String containerName, PodSecurityContext pod, SecurityContext container,
            boolean seccompDefault) {
        PodSecurityContext podContext = pod == null ? new PodSecurityContext() : pod;
        SecurityContext containerContext = container == null ? new SecurityContext() : container;
        rejectUnsupported(containerName, podContext, containerContext);

        Long runAsUser = first(containerContext.getRunAsUser(), podContext.getRunAsUser());
        Long runAsGroup = first(containerContext.getRunAsGroup(), podContext.getRunAsGroup());
        boolean runAsNonRoot = Boolean.TRUE.equals(first(containerContext.getRunAsNonRoot(), podContext.getRunAsNonRoot()));
        SeccompProfile profile = first(containerContext.getSeccompProfile(), podContext.getSeccompProfile());

        Capabilities capabilities = containerContext.getCapabilities();
        List<String> added = capabilities == null || capabilities.getAdd() == null ? List.of() : capabilities.getAdd();
        List<String> dropped = capabilities == null || capabilities.getDrop() == null ? List.of() : capabilities.getDrop();
        boolean allowPrivilegeEscalation = !Boolean.FALSE.equals(containerContext.getAllowPrivilegeEscalation());
        // The API server (ValidateSecurityContext in Kubernetes pkg/apis/core/validation) compares
        // the literal string, so it accepts SYS_ADMIN with allowPrivilegeEscalation false, and
        // containerd then sets no_new_privs and grants the capability.
        if (!allowPrivilegeEscalation && added.contains("CAP_SYS_ADMIN")) {
            throw new IllegalArgumentException("container " + containerName + " is invalid: securityContext:"
                    + " cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN");
        }

        return new EffectiveSecurity(runAsUser, runAsGroup, runAsNonRoot, added, dropped,
                seccomp(containerName, profile, seccompDefault),
                Boolean.TRUE.equals(containerContext.getReadOnlyRootFilesystem()), allowPrivilegeEscalation);
    }

    private static EffectiveSecurity.Seccomp seccomp(String containerName, SeccompProfile profile, boolean seccompDefault) {
        if (profile == null || profile.getType() == null) {
            return seccompDefault ? EffectiveSecurity.Seccomp.RUNTIME_DEFAULT : EffectiveSecurity.Seccomp.UNCONFINED;
        }
        return switch (profile.getType()) {
            case "Unconfined" -> EffectiveSecurity.Seccomp.UNCONFINED;
            case "RuntimeDefault" -> EffectiveSecurity.Seccomp.RUNTIME_DEFAULT;
            default -> throw new UnsupportedPodException("container " + containerName + " asks for seccomp profile type '"
                    + profile.getType() + "', which the local node does not support; use RuntimeDefault or Unconfined");
        };
    }

    private static void rejectUnsupported(String containerName, PodSecurityContext pod, SecurityContext container) {
        if (Boolean.TRUE.equals(container.getPrivileged())) {
            throw new UnsupportedPodException("container " + containerName + " is privileged, which the local node"
                    + " does not support; add the capabilities it needs instead");
        }
        if (container.getProcMount() != null && !container.getProcMount().equals("Default")) {
            throw new UnsupportedPodException("container " + containerName + " sets procMount "
                    + container.getProcMount() + ", which the local node does not support; remove it");
        }
        if (pod.getFsGroup() != null || pod.getSupplementalGroups() != null && !pod.getSupplementalGroups().isEmpty()) {
            throw new UnsupportedPodException("the pod sets fsGroup or supplementalGroups, which the local node"
                    + " does not support; remove them or set runAsGroup");
        }
        if (pod.getSysctls() != null && !pod.getSysctls().isEmpty()) {
            throw new UnsupportedPodException("the pod sets sysctls, which the local node does not support; remove them");
        }
    }

    private static <T> T first(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
