package io.crik.wrapper.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CRIU command lines. Options that every dump and restore need in a container:
 * <ul>
 * <li>{@code --tcp-close}: CRIU refuses to dump established TCP connections without an option,
 * and the replacement pod has another IP, so they are closed at restore. Needed at both ends.</li>
 * <li>{@code --file-locks}: CRIU refuses to dump a process that holds a file lock without it,
 * and drops the lock at restore unless it is given again.</li>
 * <li>{@code --restore-detached --restore-sibling --pidfile}: the restored app becomes a child
 * of the wrapper, which reaps and supervises it like a freshly started one.</li>
 * <li>{@code --inherit-fd fd[N]:pipe:[INODE]}: the app's stdout and stderr pipes of the old
 * container become the new container's, so its output keeps reaching the container log.</li>
 * </ul>
 */
public record CriuCommand(Path criu) {

    public static final String DUMP_LOG = "dump.log";

    /** An fd of the restoring CRIU that takes the place of a file the app had open at dump time. */
    public record InheritFd(int fd, String resource) {
        String option() {
            return "fd[" + fd + "]:" + resource;
        }
    }

    public List<String> dump(int pid, Path imagesDir, Path workDir) {
        List<String> command = new ArrayList<>(List.of(criu.toString(), "dump",
                "--tree", Integer.toString(pid),
                "--images-dir", imagesDir.toString(),
                "--work-dir", workDir.toString(),
                "--log-file", DUMP_LOG,
                "-v4",
                "--display-stats"));
        command.addAll(sharedOptions());
        return command;
    }

    public List<String> restore(Path imagesDir, Path workDir, String logFile, Path pidFile, List<InheritFd> inheritFds) {
        List<String> command = new ArrayList<>(List.of(criu.toString(), "restore",
                "--images-dir", imagesDir.toString(),
                "--work-dir", workDir.toString(),
                "--log-file", logFile,
                "-v4",
                "--restore-detached",
                "--restore-sibling",
                "--pidfile", pidFile.toString()));
        command.addAll(sharedOptions());
        for (InheritFd inherit : inheritFds) {
            command.add("--inherit-fd");
            command.add(inherit.option());
        }
        return command;
    }

    public List<String> version() {
        return List.of(criu.toString(), "--version");
    }

    private static List<String> sharedOptions() {
        return List.of("--tcp-close", "--file-locks");
    }
}
