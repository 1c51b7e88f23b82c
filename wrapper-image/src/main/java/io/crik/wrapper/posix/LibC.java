package io.crik.wrapper.posix;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** The glibc functions the wrapper calls, mapped with JNA. {@code size_t} and {@code ssize_t} are {@code long}. */
interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    int O_RDONLY = 0;
    int SIG_BLOCK = 0;
    int SFD_CLOEXEC = 0x80000;
    int WNOHANG = 1;
    int PR_SET_CHILD_SUBREAPER = 36;
    int ECHILD = 10;
    int EINTR = 4;
    int ESRCH = 3;
    long MS_NOSUID = 2;
    long MS_NODEV = 4;

    short POSIX_SPAWN_SETSIGDEF = 0x04;
    short POSIX_SPAWN_SETSIGMASK = 0x08;
    short POSIX_SPAWN_SETSID = 0x80;

    /** Sizes of glibc's opaque types on x86-64, rounded up. */
    int SIGSET_SIZE = 128;
    int SPAWN_ATTR_SIZE = 512;
    int SPAWN_FILE_ACTIONS_SIZE = 256;

    int posix_spawn(IntByReference pid, String path, Pointer fileActions, Pointer attributes,
            String[] argv, String[] envp);

    int posix_spawn_file_actions_init(Pointer fileActions);

    int posix_spawn_file_actions_addopen(Pointer fileActions, int fd, String path, int flags, int mode);

    int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

    int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

    int posix_spawn_file_actions_destroy(Pointer fileActions);

    int posix_spawnattr_init(Pointer attributes);

    int posix_spawnattr_setflags(Pointer attributes, short flags);

    int posix_spawnattr_setsigmask(Pointer attributes, Pointer mask);

    int posix_spawnattr_setsigdefault(Pointer attributes, Pointer signals);

    int posix_spawnattr_destroy(Pointer attributes);

    int sigemptyset(Pointer set);

    int sigfillset(Pointer set);

    int sigaddset(Pointer set, int signal);

    int sigismember(Pointer set, int signal);

    int pthread_sigmask(int how, Pointer set, Pointer oldSet);

    int signalfd(int fd, Pointer mask, int flags);

    long read(int fd, byte[] buffer, long count);

    int close(int fd);

    int waitpid(int pid, IntByReference status, int options);

    int kill(int pid, int signal);

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    int getpid();

    int mount(String source, String target, String type, long flags, String data);

    String strerror(int errno);
}
