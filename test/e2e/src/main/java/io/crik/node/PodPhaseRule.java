package io.crik.node;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Optional;

/** The kubelet's rule that derives a pod's phase from its container statuses. */
public final class PodPhaseRule {

    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";

    private PodPhaseRule() {
    }

    /**
     * Returns the phase.
     *
     * @param podIsTerminal whether the pod was terminated (deleted or its node shut down), so
     *     that its containers will not be restarted whatever the restart policy
     */
    public static String phase(PodSpec spec, List<ContainerStatus> initStatuses, List<ContainerStatus> statuses,
            boolean podIsTerminal) {
        int pendingInitialization = 0;
        int failedInitialization = 0;
        for (var container : spec.getInitContainers()) {
            Optional<ContainerStatus> found = find(initStatuses, container.getName());
            if (found.isEmpty()) {
                pendingInitialization++;
                continue;
            }
            ContainerStatus status = found.get();
            if (status.getState() != null && status.getState().getRunning() != null) {
                pendingInitialization++;
            } else if (status.getState() != null && status.getState().getTerminated() != null) {
                if (status.getState().getTerminated().getExitCode() != 0) {
                    failedInitialization++;
                }
            } else if (status.getState() != null && status.getState().getWaiting() != null) {
                if (lastExitCode(status).isPresent()) {
                    if (lastExitCode(status).get() != 0) {
                        failedInitialization++;
                    }
                } else {
                    pendingInitialization++;
                }
            } else {
                pendingInitialization++;
            }
        }

        int unknown = 0;
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (var container : spec.getContainers()) {
            Optional<ContainerStatus> found = find(statuses, container.getName());
            if (found.isEmpty() || found.get().getState() == null) {
                unknown++;
                continue;
            }
            ContainerStatus status = found.get();
            if (status.getState().getRunning() != null) {
                running++;
            } else if (status.getState().getTerminated() != null) {
                stopped++;
                if (status.getState().getTerminated().getExitCode() == 0) {
                    succeeded++;
                }
            } else if (status.getState().getWaiting() != null) {
                if (lastExitCode(status).isPresent()) {
                    stopped++;
                } else {
                    waiting++;
                }
            } else {
                unknown++;
            }
        }

        String restartPolicy = spec.getRestartPolicy();
        if (failedInitialization > 0 && "Never".equals(restartPolicy)) {
            return FAILED;
        }
        boolean anyRegularStarted = running + stopped > 0;
        if (pendingInitialization > 0 && !anyRegularStarted || waiting > 0) {
            return PENDING;
        }
        if (running > 0 && unknown == 0) {
            return RUNNING;
        }
        if (running == 0 && stopped > 0 && unknown == 0) {
            if (podIsTerminal) {
                return stopped == succeeded ? SUCCEEDED : FAILED;
            }
            if ("Always".equals(restartPolicy)) {
                return RUNNING;
            }
            if (stopped == succeeded) {
                return SUCCEEDED;
            }
            if ("Never".equals(restartPolicy)) {
                return FAILED;
            }
            return RUNNING;
        }
        return PENDING;
    }

    private static Optional<ContainerStatus> find(List<ContainerStatus> statuses, String name) {
        return statuses.stream().filter(status -> name.equals(status.getName())).findFirst();
    }

    private static Optional<Integer> lastExitCode(ContainerStatus status) {
        if (status.getLastState() == null || status.getLastState().getTerminated() == null) {
            return Optional.empty();
        }
        return Optional.of(status.getLastState().getTerminated().getExitCode());
    }
}
