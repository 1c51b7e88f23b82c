package io.crik.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything about how one container of a pod runs that follows from the pod spec and the image
 * alone, computed once before the pod starts so that a bad spec fails {@link LocalNode#run}.
 *
 * @param containerVariables the container's env as the kubelet resolved it, for subPathExpr
 * @param environment the process environment: PATH, HOSTNAME, image Env and containerVariables
 */
public record ContainerPlan(Container container, ImageStore.LocalImage image, List<String> argv,
        Map<String, String> containerVariables, Map<String, String> environment, String workingDir,
        ImageUser.Ids user, EffectiveSecurity security, List<String> addedCapabilities,
        List<String> droppedCapabilities, String stopSignal) {

    /** Computes the plan for {@code container} of a defaulted {@code pod}. */
    public static ContainerPlan of(Pod pod, Container container, ImageStore images, NodeOptions options,
            NodeResources resources) {
        ImageStore.LocalImage image = images.require(container.getImage());
        ImageConfig config = image.config();

        Map<String, String> variables = EnvironmentBuilder.containerVariables(pod, container, options.podIp(),
                options.hostIp(), resources);
        Map<String, String> environment = EnvironmentBuilder.processEnvironment(PodDefaults.hostname(pod),
                config.env(), variables);
        List<String> argv = CommandLine.resolve(container.getCommand(), container.getArgs(), config, variables);

        String workingDir = container.getWorkingDir() != null && !container.getWorkingDir().isEmpty()
                ? container.getWorkingDir()
                : config.workingDir().isEmpty() ? "/" : config.workingDir();

        EffectiveSecurity security = SecurityContextMerger.merge(container.getName(),
                pod.getSpec().getSecurityContext(), container.getSecurityContext(), options.seccompDefault());
        ImageUser.Ids user = ImageUser.resolve(container.getName(), security, config.user(),
                readLines(image.file("etc/passwd")), readLines(image.file("etc/group")));

        String stopSignal = config.stopSignal().isEmpty() ? "TERM" : config.stopSignal().replaceFirst("^SIG", "");
        return new ContainerPlan(container, image, argv, variables, environment, workingDir, user, security,
                capabilityNames(container.getName(), security.addedCapabilities()),
                capabilityNames(container.getName(), security.droppedCapabilities()), stopSignal);
    }

    /** Upper-cases capability names as containerd does; containerd adds the CAP_ prefix itself. */
    private static List<String> capabilityNames(String containerName, List<String> names) {
        List<String> upper = new ArrayList<>();
        for (String name : names) {
            String capability = name.toUpperCase(Locale.ROOT);
            if (capability.startsWith("CAP_")) {
                throw new IllegalArgumentException("container " + containerName + " names capability " + name
                        + " with the CAP_ prefix, which containerd would turn into an unknown CAP_" + capability
                        + "; write " + capability.substring(4));
            }
            upper.add(capability);
        }
        return upper;
    }

    private static List<String> readLines(Optional<Path> file) {
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            return List.of();
        }
        try {
            return Files.readAllLines(file.get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.get(), e);
        }
    }
}
