package io.crik.wrapper.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriuCommandTest {

    private final CriuCommand criu = new CriuCommand(Path.of("/crik/bin/criu"));

    @Test
    void dumpCommandLine() {
        assertThat(criu.dump(9001, Path.of("/c/tmp/000002/images"), Path.of("/c/tmp/000002"))).containsExactly(
                "/crik/bin/criu", "dump", "--tree", "9001", "--images-dir", "/c/tmp/000002/images",
                "--work-dir", "/c/tmp/000002", "--log-file", "dump.log", "-v4", "--display-stats",
                "--tcp-close", "--file-locks");
    }

    @Test
    void restoreCommandLine() {
        List<String> command = criu.restore(Path.of("/c/checkpoints/000002/images"), Path.of("/c/checkpoints/000002"),
                "restore-1.log", Path.of("/c/checkpoints/000002/restore.pid"),
                List.of(new CriuCommand.InheritFd(1, "pipe:[100]"), new CriuCommand.InheritFd(2, "pipe:[101]")));

        assertThat(command).containsExactly("/crik/bin/criu", "restore", "--images-dir", "/c/checkpoints/000002/images",
                "--work-dir", "/c/checkpoints/000002", "--log-file", "restore-1.log", "-v4", "--restore-detached",
                "--restore-sibling", "--pidfile", "/c/checkpoints/000002/restore.pid", "--tcp-close", "--file-locks",
                "--inherit-fd", "fd[1]:pipe:[100]", "--inherit-fd", "fd[2]:pipe:[101]");
    }

    @Test
    void restoreMapsSharedPipeOnce() {
        Manifest manifest = Manifest.builder().put(Manifest.STDOUT, "pipe:[7]").put(Manifest.STDERR, "pipe:[7]").build();

        assertThat(Restorer.inheritFds(manifest)).containsExactly(new CriuCommand.InheritFd(1, "pipe:[7]"));
    }

    @Test
    void restoreMapsOnlyPipes() {
        Manifest manifest = Manifest.builder().put(Manifest.STDOUT, "/dev/null").put(Manifest.STDERR, "pipe:[8]").build();

        assertThat(Restorer.inheritFds(manifest)).containsExactly(new CriuCommand.InheritFd(2, "pipe:[8]"));
    }
}
