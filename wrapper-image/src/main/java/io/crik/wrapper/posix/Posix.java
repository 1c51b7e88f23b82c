package io.crik.wrapper.posix;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Thin checked wrappers around the process and signal system calls the wrapper needs. */
public final class Posix {

    private static final int O_WRONLY_CREAT_TRUNC = 0x1 | 0x40 | 0x200;
    private static final LibC C = LibC.INSTANCE;

    private Posix() {
    }

    /** Returns this process's PID. */
    public static int pid() {
        return C.getpid();
    }

    /** Makes this process the reaper of its orphaned descendants, as PID 1 is. */
    public static void becomeChildSubreaper() {
        if (C.prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
            throw new IllegalStateException("prctl(PR_SET_CHILD_SUBREAPER) failed: " + lastError());
        }
    }

    /** Mounts a tmpfs at {@code target} with the given mount data, such as {@code mode=1777,size=64m}. */
    public static void mountTmpfs(Path target, String data) throws IOException {
        if (C.mount("tmpfs", target.toString(), "tmpfs", LibC.MS_NOSUID | LibC.MS_NODEV, data) != 0) {
            throw new IOException("mounting a tmpfs at " + target + " failed: " + lastError());
        }
    }

    /** Returns whether the calling thread blocks every one of {@code signals}. */
    public static boolean blocksAll(Collection<Integer> signals) {
        SignalSet current = new SignalSet();
        C.pthread_sigmask(LibC.SIG_BLOCK, null, current.memory);
        return signals.stream().allMatch(current::contains);
    }

    /** Opens a signalfd for {@code signals}, which must already be blocked in every thread. */
    public static int openSignalFd(Collection<Integer> signals) {
        int fd = C.signalfd(-1, SignalSet.of(signals).memory, LibC.SFD_CLOEXEC);
        if (fd < 0) {
            throw new IllegalStateException("signalfd failed: " + lastError());
        }
        return fd;
    }

    /** Blocks until a signal arrives on {@code fd}, and returns its number. */
    public static int readSignal(int fd) {
        byte[] info = new byte[128];
        while (true) {
            long read = C.read(fd, info, info.length);
            if (read == info.length) {
                return (info[0] & 0xff) | (info[1] & 0xff) << 8 | (info[2] & 0xff) << 16 | (info[3] & 0xff) << 24;
            }
            int errno = Native.getLastError();
            if (read < 0 && errno != LibC.EINTR) {
                throw new IllegalStateException("reading the signalfd failed: " + C.strerror(errno));
            }
        }
    }

    /** Reaps one ended child without waiting; empty when none has ended or there are no children. */
    public static Optional<ChildExit> reapOne() {
        IntByReference status = new IntByReference();
        int pid = C.waitpid(-1, status, LibC.WNOHANG);
        if (pid > 0) {
            return Optional.of(new ChildExit(pid, status.getValue()));
        }
        if (pid < 0 && Native.getLastError() != LibC.ECHILD) {
            throw new IllegalStateException("waitpid failed: " + lastError());
        }
        return Optional.empty();
    }

    /** Sends {@code signal} to {@code pid}; returns false when the process no longer exists. */
    public static boolean kill(int pid, int signal) {
        if (C.kill(pid, signal) == 0) {
            return true;
        }
        if (Native.getLastError() == LibC.ESRCH) {
            return false;
        }
        throw new IllegalStateException("kill(" + pid + ", " + Signals.name(signal) + ") failed: " + lastError());
    }

    /**
     * Starts a program. The caller reaps it; see {@link ChildReaper#spawn}.
     *
     * @throws IOException when posix_spawn fails, for example because the program does not exist
     */
    static int spawn(SpawnRequest request) throws IOException {
        Memory actions = new Memory(LibC.SPAWN_FILE_ACTIONS_SIZE);
        Memory attributes = new Memory(LibC.SPAWN_ATTR_SIZE);
        check(C.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        check(C.posix_spawnattr_init(attributes), "posix_spawnattr_init");
        try {
            // /dev/null of the container's own root: CRIU cannot dump an fd on another mount's /dev/null.
            check(C.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", LibC.O_RDONLY, 0), "addopen stdin");
            if (request.stdout() != null) {
                Files.createDirectories(request.stdout().toAbsolutePath().getParent());
                check(C.posix_spawn_file_actions_addopen(actions, 1, request.stdout().toString(),
                        O_WRONLY_CREAT_TRUNC, 0644), "addopen stdout");
                check(C.posix_spawn_file_actions_adddup2(actions, 1, 2), "adddup2 stderr");
            }
            check(C.posix_spawn_file_actions_addclosefrom_np(actions, 3), "addclosefrom_np");

            short flags = (short) (LibC.POSIX_SPAWN_SETSIGMASK | LibC.POSIX_SPAWN_SETSIGDEF);
            if (request.newSession()) {
                flags |= LibC.POSIX_SPAWN_SETSID;
            }
            check(C.posix_spawnattr_setflags(attributes, flags), "posix_spawnattr_setflags");
            check(C.posix_spawnattr_setsigmask(attributes, SignalSet.empty().memory), "posix_spawnattr_setsigmask");
            check(C.posix_spawnattr_setsigdefault(attributes, SignalSet.full().memory), "posix_spawnattr_setsigdefault");

            List<String> argv = request.argv();
            IntByReference pid = new IntByReference();
            String program = resolve(argv.get(0), request.environment());
            int error = C.posix_spawn(pid, program, actions, attributes,
                    argv.toArray(new String[0]), request.environment().toArray(new String[0]));
            if (error != 0) {
                throw new IOException("cannot start " + argv.get(0) + ": " + C.strerror(error));
            }
            return pid.getValue();
        } finally {
            C.posix_spawn_file_actions_destroy(actions);
            C.posix_spawnattr_destroy(attributes);
        }
    }

    /**
     * Starts a program and waits for it, for a process that is not PID 1 and has no reaper
     * thread, such as {@code crik checkpoint}. Returns its status as a shell reports it.
     */
    public static int runAndWait(SpawnRequest request) throws IOException {
        int pid = spawn(request);
        IntByReference status = new IntByReference();
        while (C.waitpid(pid, status, 0) < 0) {
            if (Native.getLastError() != LibC.EINTR) {
                throw new IOException("waitpid(" + pid + ") failed: " + lastError());
            }
        }
        return new ChildExit(pid, status.getValue()).shellStatus();
    }

    /** Finds a program without a slash in the PATH of the environment it will get, as execvp does. */
    static String resolve(String program, List<String> environment) {
        if (program.contains("/")) {
            return program;
        }
        String path = environment.stream().filter(entry -> entry.startsWith("PATH=")).findFirst()
                .map(entry -> entry.substring(5)).orElse("/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return program;
    }

    private static void check(int result, String call) {
        if (result != 0) {
            throw new IllegalStateException(call + " failed: " + C.strerror(result));
        }
    }

    private static String lastError() {
        return C.strerror(Native.getLastError());
    }
}
