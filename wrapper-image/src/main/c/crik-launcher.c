/*
 * /crik/bin/crik: a statically linked launcher for the crik wrapper program.
 *
 * It runs in any x86-64 image, with or without a libc, and execs the bundle's Java runtime
 * with fixed JVM options. Before the exec it blocks the signals that the wrapper forwards, so
 * that every JVM thread inherits the block and the wrapper receives them through a signalfd.
 * HotSpot keeps them blocked only under -Xrs, and -Xrs in turn makes sun.misc.Signal refuse
 * TERM, INT and HUP and HotSpot refuses QUIT always, which is why the wrapper does not use it.
 *
 * The hidden mode "__advance-pid N" forks and reaps short-lived children until the PID
 * namespace hands out a PID of at least N, for containers whose /proc/sys is read-only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define JAVA "/crik/jre/bin/java"
#define CLASS_PATH "/crik/lib/crik/crik-wrapper.jar:/crik/lib/crik/jna.jar"
#define MAIN_CLASS "io.crik.wrapper.Main"

/* Prefix under which the launcher keeps variables that would change the wrapper's own JVM or
 * loader. The wrapper puts them back under their own names for the app. */
#define SAVED_PREFIX "CRIK_LAUNCHER_SAVED_"

/* HotSpot's suspend/resume signal, moved off SIGUSR2 so that SIGUSR2 reaches the app. */
#define SR_SIGNUM_VARIABLE "_JAVA_SR_SIGNUM=40"

static const char *const jvm_options[] = {
    "-Xrs",
    "-XX:+UseSerialGC",
    "-Xms8m",
    "-Xmx64m",
    "-Xss512k",
    "-XX:TieredStopAtLevel=1",
    "-XX:CICompilerCount=1",
    "-XX:ReservedCodeCacheSize=16m",
    "-XX:MaxMetaspaceSize=64m",
    "-XX:-UsePerfData",
    "-XX:+DisableAttachMechanism",
    "-XX:+ExitOnOutOfMemoryError",
    "-Xshare:auto",
    "-Xlog:all=warning:stderr",
    "-Djna.boot.library.path=/crik/lib/crik",
    "-Djna.nounpack=true",
    "-Djna.nosys=true",
    /* Set, so that JNA does not run /sbin/ldconfig -p of the container's image to find libraries. */
    "-Djna.platform.library.path=/crik/lib",
    "-cp",
    CLASS_PATH,
    MAIN_CLASS,
};

static const int forwarded_signals[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGCHLD};

static int is_saved_variable(const char *entry) {
    static const char *const names[] = {"JAVA_TOOL_OPTIONS=", "JDK_JAVA_OPTIONS=", "_JAVA_OPTIONS=",
                                        "_JAVA_SR_SIGNUM=", "CLASSPATH=", "LD_"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strncmp(entry, names[i], strlen(names[i])) == 0) {
            return 1;
        }
    }
    return 0;
}

static int advance_pid(const char *target_text) {
    char *end;
    long target = strtol(target_text, &end, 10);
    if (*target_text == '\0' || *end != '\0' || target < 2) {
        fprintf(stderr, "crik: invalid PID target '%s'\n", target_text);
        return 2;
    }
    for (;;) {
        /* vfork: the child only exits, and skipping the copy of page tables makes the loop
         * two to three times faster than fork. */
        pid_t child = vfork();
        if (child < 0) {
            fprintf(stderr, "crik: vfork failed while moving the PID counter: %s\n", strerror(errno));
            return 1;
        }
        if (child == 0) {
            _exit(0);
        }
        while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {
        }
        if (child >= target) {

            return 0;
        }
    }
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "__advance-pid") == 0) {
        return advance_pid(argv[2]);
    }

    sigset_t blocked;
    sigemptyset(&blocked);
    for (size_t i = 0; i < sizeof(forwarded_signals) / sizeof(forwarded_signals[0]); i++) {
        sigaddset(&blocked, forwarded_signals[i]);
    }
    sigprocmask(SIG_BLOCK, &blocked, NULL);

    extern char **environ;
    size_t count = 0;
    while (environ[count] != NULL) {
        count++;
    }
    char **env = calloc(count + 2, sizeof(char *));
    size_t option_count = sizeof(jvm_options) / sizeof(jvm_options[0]);
    char **args = calloc(option_count + (size_t) argc + 1, sizeof(char *));
    if (env == NULL || args == NULL) {
        fprintf(stderr, "crik: out of memory\n");
        return 127;
    }
    size_t e = 0;
    for (size_t i = 0; i < count; i++) {
        if (is_saved_variable(environ[i])) {
            size_t length = strlen(SAVED_PREFIX) + strlen(environ[i]) + 1;
            char *saved = malloc(length);
            if (saved == NULL) {
                fprintf(stderr, "crik: out of memory\n");
                return 127;
            }
            snprintf(saved, length, "%s%s", SAVED_PREFIX, environ[i]);
            env[e++] = saved;
        } else {
            env[e++] = environ[i];
        }
    }
    env[e++] = SR_SIGNUM_VARIABLE;
    env[e] = NULL;

    size_t a = 0;
    args[a++] = JAVA;
    for (size_t i = 0; i < option_count; i++) {
        args[a++] = (char *) jvm_options[i];
    }
    for (int i = 1; i < argc; i++) {
        args[a++] = argv[i];
    }
    args[a] = NULL;

    execve(JAVA, args, env);
    fprintf(stderr, "crik: cannot start %s: %s; check that the crik bundle is mounted at /crik\n", JAVA,
            strerror(errno));
    return 127;
}
