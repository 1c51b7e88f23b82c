package io.crik.e2e;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.List;
import java.util.Optional;

/**
 * A Job's {@code podFailurePolicy} as the Job controller applies it to a failed pod: the first
 * rule that matches decides. An {@code onExitCodes} rule matches a regular container that ended
 * with a non-zero status in (or, for NotIn, outside) its values, restricted to
 * {@code containerName} when set. An {@code onPodConditions} rule matches a pod condition of its
 * type whose status is the pattern's (default True).
 */
final class PodFailurePolicy {

    /** The rule actions of batch/v1. */
    enum Action {
        FAIL_JOB, FAIL_INDEX, IGNORE, COUNT;

        static Action parse(String action) {
            return switch (action) {
                case "FailJob" -> FAIL_JOB;
                case "FailIndex" -> FAIL_INDEX;
                case "Ignore" -> IGNORE;
                case "Count" -> COUNT;
                default -> throw new IllegalArgumentException("unknown podFailurePolicy action " + action
                        + "; expected FailJob, FailIndex, Ignore or Count");
            };
        }
    }

    private PodFailurePolicy() {
    }

    /** Returns the action of the first matching rule, or empty when none matches (the failure then counts). */
    static Optional<Action> evaluate(List<PodFailurePolicyRule> rules, PodStatus status) {
        for (PodFailurePolicyRule rule : rules) {
            if (matches(rule, status)) {
                return Optional.of(Action.parse(rule.getAction()));
            }
        }
        return Optional.empty();
    }

    private static boolean matches(PodFailurePolicyRule rule, PodStatus status) {
        if (rule.getOnExitCodes() != null) {
            return matchesExitCodes(rule.getOnExitCodes(), status.getContainerStatuses());
        }
        for (PodFailurePolicyOnPodConditionsPattern pattern : rule.getOnPodConditions()) {
            String expected = pattern.getStatus() == null ? "True" : pattern.getStatus();
            for (PodCondition condition : status.getConditions()) {
                if (condition.getType().equals(pattern.getType()) && expected.equals(condition.getStatus())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesExitCodes(PodFailurePolicyOnExitCodesRequirement requirement,
            List<ContainerStatus> containers) {
        for (ContainerStatus container : containers) {
            if (requirement.getContainerName() != null && !requirement.getContainerName().equals(container.getName())) {
                continue;
            }
            if (container.getState() == null || container.getState().getTerminated() == null) {
                continue;
            }
            int exitCode = container.getState().getTerminated().getExitCode();
            if (exitCode == 0) {
                continue;
            }
            boolean listed = requirement.getValues().contains(exitCode);
            if ("In".equals(requirement.getOperator()) == listed) {
                return true;
            }
        }
        return false;
    }
}
