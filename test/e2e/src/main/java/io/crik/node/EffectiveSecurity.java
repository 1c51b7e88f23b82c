package io.crik.node;

import java.util.List;

/**
 * A container's security settings after merging the pod's defaults into the container's own.
 *
 * @param runAsUser UID to run as, or null to take the image's USER
 * @param runAsGroup GID to run as, or null for the user's primary group
 * @param addedCapabilities capability names as written in the spec ({@code ALL} included)
 * @param seccomp whether a seccomp filter is installed
 */
public record EffectiveSecurity(Long runAsUser, Long runAsGroup, boolean runAsNonRoot,
        List<String> addedCapabilities, List<String> droppedCapabilities, Seccomp seccomp,
        boolean readOnlyRootFilesystem, boolean allowPrivilegeEscalation) {

    public EffectiveSecurity {
        addedCapabilities = List.copyOf(addedCapabilities);
        droppedCapabilities = List.copyOf(droppedCapabilities);
    }

    /** Seccomp profile types that the local node runs. */
    public enum Seccomp {
        /** No filter at all. */
        UNCONFINED,
        /**
         * The container runtime's default filter. The local node installs a filter that allows
         * every system call: it makes {@code Seccomp: 2} show in /proc/PID/status and makes CRIU
         * fail as any filter does, but it blocks nothing that containerd's default would block.
         */
        RUNTIME_DEFAULT
    }
}
