package io.crik.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodPhaseRuleTest {

    /** A container status written as a word: absent, waiting, running, exit:N, or backoff:N (waiting after exit N). */
    private static ContainerStatus status(String name, String state) {
        ContainerStatusBuilder status = new ContainerStatusBuilder().withName(name);
        if (state.equals("waiting")) {
            status.withState(waitingState());
        } else if (state.equals("running")) {
            status.withState(new ContainerStateBuilder().withNewRunning().endRunning().build());
        } else if (state.startsWith("exit:")) {
            status.withState(terminated(Integer.parseInt(state.substring(5))));
        } else if (state.startsWith("backoff:")) {
            status.withState(waitingState()).withLastState(terminated(Integer.parseInt(state.substring(8))));
        } else {
            throw new IllegalArgumentException(state);
        }
        return status.build();
    }

    private static ContainerState waitingState() {
        return new ContainerStateBuilder().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().build();
    }

    private static ContainerState terminated(int exitCode) {
        return new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).endTerminated().build();
    }

    private static List<ContainerStatus> statuses(String prefix, String... states) {
        List<ContainerStatus> statuses = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            if (!states[i].equals("absent")) {
                statuses.add(status(prefix + i, states[i]));
            }
        }
        return statuses;
    }

    private static PodSpec spec(String restartPolicy, int inits, int containers) {
        PodSpecBuilder spec = new PodSpecBuilder().withRestartPolicy(restartPolicy);
        for (int i = 0; i < inits; i++) {
            spec.addNewInitContainer().withName("init" + i).endInitContainer();
        }
        for (int i = 0; i < containers; i++) {
            spec.addNewContainer().withName("c" + i).endContainer();
        }
        return spec.build();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // policy, init states, container states, pod terminal, phase
                Arguments.of("Always", new String[] {"running"}, new String[] {"waiting"}, false, "Pending"),
                Arguments.of("Always", new String[] {"exit:0"}, new String[] {"absent"}, false, "Pending"),
                Arguments.of("Never", new String[] {"exit:1"}, new String[] {"waiting"}, false, "Failed"),
                Arguments.of("OnFailure", new String[] {"backoff:1"}, new String[] {"waiting"}, false, "Pending"),
                Arguments.of("Always", new String[] {"exit:0"}, new String[] {"running", "running"}, false, "Running"),
                Arguments.of("Always", new String[] {}, new String[] {"running", "waiting"}, false, "Pending"),
                Arguments.of("Always", new String[] {}, new String[] {"running", "exit:0"}, false, "Running"),
                Arguments.of("Never", new String[] {}, new String[] {"exit:0", "exit:0"}, false, "Succeeded"),
                Arguments.of("Never", new String[] {}, new String[] {"exit:0", "exit:3"}, false, "Failed"),
                Arguments.of("OnFailure", new String[] {}, new String[] {"exit:0"}, false, "Succeeded"),
                Arguments.of("OnFailure", new String[] {}, new String[] {"backoff:2"}, false, "Running"),
                Arguments.of("Always", new String[] {}, new String[] {"exit:0"}, false, "Running"),
                Arguments.of("Always", new String[] {}, new String[] {"backoff:137"}, false, "Running"),
                Arguments.of("Always", new String[] {}, new String[] {"exit:143"}, true, "Failed"),
                Arguments.of("Always", new String[] {}, new String[] {"exit:0", "exit:0"}, true, "Succeeded"),
                Arguments.of("Always", new String[] {}, new String[] {"backoff:1"}, true, "Failed"),
                Arguments.of("Never", new String[] {}, new String[] {"absent"}, false, "Pending"),
                Arguments.of("Never", new String[] {}, new String[] {"running", "absent"}, false, "Pending"));
    }

    @ParameterizedTest(name = "[{index}] {0} init {1} containers {2} terminal {3} -> {4}")
    @MethodSource("cases")
    void phaseFollowsKubelet(String policy, String[] initStates, String[] states, boolean terminal, String expected) {
        PodSpec spec = spec(policy, initStates.length, states.length);

        String phase = PodPhaseRule.phase(spec, statuses("init", initStates), statuses("c", states), terminal);

        assertThat(phase).isEqualTo(expected);
    }
}
