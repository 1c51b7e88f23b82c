package io.crik.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    private static final ImageConfig IMAGE = ImageConfig.empty()
            .withEntrypoint("/entry", "--flag")
            .withCmd("default-arg");

    private static List<String> resolve(List<String> command, List<String> args, ImageConfig image) {
        return CommandLine.resolve(command, args, image, Map.of());
    }

    @Test
    void neitherSetUsesEntrypointAndCmd() {
        assertThat(resolve(null, null, IMAGE)).containsExactly("/entry", "--flag", "default-arg");
    }

    @Test
    void argsReplaceCmdOnly() {
        assertThat(resolve(null, List.of("a", "b"), IMAGE)).containsExactly("/entry", "--flag", "a", "b");
    }

    @Test
    void commandReplacesEntrypointAndDropsCmd() {
        assertThat(resolve(List.of("/bin/app"), null, IMAGE)).containsExactly("/bin/app");
    }

    @Test
    void commandAndArgsIgnoreImage() {
        assertThat(resolve(List.of("/bin/app", "x"), List.of("y"), IMAGE)).containsExactly("/bin/app", "x", "y");
    }

    @Test
    void emptyListsCountAsUnset() {
        assertThat(resolve(List.of(), List.of(), IMAGE)).containsExactly("/entry", "--flag", "default-arg");
    }

    @Test
    void imageWithCmdOnly() {
        ImageConfig cmdOnly = ImageConfig.empty().withCmd("sh", "-c", "echo hi");

        assertThat(resolve(null, null, cmdOnly)).containsExactly("sh", "-c", "echo hi");
        assertThat(resolve(null, List.of("echo", "x"), cmdOnly)).containsExactly("echo", "x");
    }

    @Test
    void entrypointOfOneEmptyStringIsNone() {
        ImageConfig blank = ImageConfig.empty().withEntrypoint("").withCmd("run");

        assertThat(resolve(null, null, blank)).containsExactly("run");
    }

    @Test
    void nothingToRunRejected() {
        assertThatThrownBy(() -> resolve(null, null, ImageConfig.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no command specified");
    }

    @Test
    void commandAndArgsExpanded() {
        Map<String, String> env = Map.of("NAME", "world", "GREETING", "hello");

        List<String> argv = CommandLine.resolve(List.of("echo", "$(GREETING)"),
                List.of("$(NAME)", "$$(NAME)", "$(MISSING)", "$$HOME"), IMAGE, env);

        assertThat(argv).containsExactly("echo", "hello", "world", "$(NAME)", "$(MISSING)", "$HOME");
    }

    @Test
    void imageStringsNotExpanded() {
        ImageConfig image = ImageConfig.empty().withEntrypoint("echo", "$(NAME)").withCmd("$$");

        List<String> argv = CommandLine.resolve(null, null, image, Map.of("NAME", "x"));

        assertThat(argv).containsExactly("echo", "$(NAME)", "$$");
    }
}
