package io.crik.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The argv a container starts with, built as the kubelet and containerd build it: the kubelet
 * expands {@code $(VAR)} in {@code command} and {@code args}, and containerd then combines them
 * with the image's ENTRYPOINT and CMD.
 */
public final class CommandLine {

    private CommandLine() {
    }

    /**
     * Returns the argv.
     *
     * <ul>
     *   <li>{@code command} set: {@code command + args}; the image's ENTRYPOINT and CMD are ignored.
     *   <li>only {@code args} set: {@code ENTRYPOINT + args}.
     *   <li>neither: {@code ENTRYPOINT + CMD}. An ENTRYPOINT of one empty string counts as none.
     * </ul>
     *
     * @param environment the container's variables as the kubelet resolved them (the image's Env
     *     is not part of it), used to expand {@code $(VAR)} in command and args
     * @throws IllegalArgumentException when the result is empty, as containerd's "no command specified"
     */
    public static List<String> resolve(List<String> command, List<String> args, ImageConfig image,
            Map<String, String> environment) {
        Function<String, String> lookup = VariableExpansion.keepingUnknown(environment);
        List<String> expandedCommand = expandAll(command, lookup);
        List<String> expandedArgs = expandAll(args, lookup);

        List<String> argv = new ArrayList<>();
        if (!expandedCommand.isEmpty()) {
            argv.addAll(expandedCommand);
            argv.addAll(expandedArgs);
        } else {
            if (!(image.entrypoint().size() == 1 && image.entrypoint().get(0).isEmpty())) {
                argv.addAll(image.entrypoint());
            }
            argv.addAll(expandedArgs.isEmpty() ? image.cmd() : expandedArgs);
        }
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no command specified: the container sets neither command nor args"
                    + " and its image has neither ENTRYPOINT nor CMD");
        }
        return argv;
    }

    private static List<String> expandAll(List<String> values, Function<String, String> lookup) {
        List<String> expanded = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                expanded.add(VariableExpansion.expand(value, lookup));
            }
        }
        return expanded;
    }
}
