package io.crik.runc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What to run in one container, in the terms of a Kubernetes container spec: process, root
 * filesystem, mounts, capabilities and namespaces. {@link OciConfig} turns it into runc's
 * config.json.
 */
public final class ContainerSpec {

    /** RLIMIT_NOFILE above this fails here, because the VM lacks CAP_SYS_RESOURCE. */
    public static final int MAX_OPEN_FILES = 20000;

    final String id;
    final Path rootfs;
    final List<String> args;
    final Map<String, String> env;
    final String workingDir;
    final boolean readOnlyRootfs;
    final boolean writableProcSys;
    final Set<String> addedCapabilities;
    final Set<String> droppedCapabilities;
    final List<Mount> mounts;
    final long uid;
    final long gid;
    final Path networkNamespace;
    final Path ipcNamespace;
    final String hostname;
    final boolean seccompAllowAll;
    final boolean noNewPrivileges;
    final int openFilesLimit;

    private ContainerSpec(Builder builder) {
        this.id = Objects.requireNonNull(builder.id, "id");
        this.rootfs = Objects.requireNonNull(builder.rootfs, "rootfs");
        if (builder.args.isEmpty()) {
            throw new IllegalArgumentException("container " + id + " has no command");
        }
        this.args = List.copyOf(builder.args);
        this.env = Collections.unmodifiableMap(new LinkedHashMap<>(builder.env));
        this.workingDir = builder.workingDir;
        this.readOnlyRootfs = builder.readOnlyRootfs;
        this.writableProcSys = builder.writableProcSys;
        this.addedCapabilities = Collections.unmodifiableSet(new LinkedHashSet<>(builder.addedCapabilities));
        this.droppedCapabilities = Collections.unmodifiableSet(new LinkedHashSet<>(builder.droppedCapabilities));
        this.mounts = List.copyOf(builder.mounts);
        this.uid = builder.uid;
        this.gid = builder.gid;
        this.networkNamespace = builder.networkNamespace;
        this.ipcNamespace = builder.ipcNamespace;
        this.hostname = builder.hostname == null ? id : builder.hostname;
        this.seccompAllowAll = builder.seccompAllowAll;
        this.noNewPrivileges = builder.noNewPrivileges;
        if (builder.openFilesLimit > MAX_OPEN_FILES) {
            throw new IllegalArgumentException("open files limit " + builder.openFilesLimit
                    + " is above " + MAX_OPEN_FILES + ", which this machine cannot grant");
        }
        this.openFilesLimit = builder.openFilesLimit;
    }

    public static Builder builder(String id, Path rootfs) {
        return new Builder(id, rootfs);
    }

    public String id() {
        return id;
    }

    public List<String> args() {
        return args;
    }

    /** Builder; environment order is kept, as in a Kubernetes container spec. */
    public static final class Builder {
        private final String id;
        private final Path rootfs;
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String workingDir = "/";
        private boolean readOnlyRootfs;
        private boolean writableProcSys;
        private final Set<String> addedCapabilities = new LinkedHashSet<>();
        private final Set<String> droppedCapabilities = new LinkedHashSet<>();
        private final List<Mount> mounts = new ArrayList<>();
        private long uid;
        private long gid;
        private Path networkNamespace;
        private Path ipcNamespace;
        private String hostname;
        private boolean seccompAllowAll;
        private boolean noNewPrivileges;
        private int openFilesLimit = 1024;

        private Builder(String id, Path rootfs) {
            this.id = id;
            this.rootfs = rootfs;
        }

        public Builder args(List<String> args) {
            this.args.clear();
            this.args.addAll(args);
            return this;
        }

        public Builder args(String... args) {
            return args(List.of(args));
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        public Builder workingDir(String workingDir) {
            this.workingDir = workingDir;
            return this;
        }

        public Builder readOnlyRootfs(boolean readOnlyRootfs) {
            this.readOnlyRootfs = readOnlyRootfs;
            return this;
        }

        /** Leaves /proc/sys writable. Container runtimes mount it read-only by default. */
        public Builder writableProcSys(boolean writableProcSys) {
            this.writableProcSys = writableProcSys;
            return this;
        }

        /**
         * Adds capabilities by their Kubernetes names, such as {@code SYS_PTRACE}. {@code ALL} adds
         * every capability this process holds.
         */
        public Builder addCapabilities(String... names) {
            addedCapabilities.addAll(List.of(names));
            return this;
        }

        /**
         * Drops capabilities by their Kubernetes names. {@code ALL} drops every default one; a
         * capability both added and dropped is dropped, as containerd does.
         */
        public Builder dropCapabilities(String... names) {
            droppedCapabilities.addAll(List.of(names));
            return this;
        }

        public Builder mount(Mount mount) {
            mounts.add(mount);
            return this;
        }

        public Builder user(long uid, long gid) {
            this.uid = uid;
            this.gid = gid;
            return this;
        }

        /** Joins an existing network namespace, such as one made by {@link NetworkNamespace}. */
        public Builder networkNamespace(Path path) {
            this.networkNamespace = path;
            return this;
        }

        /** Joins an existing IPC namespace, such as one made by {@link IpcNamespace}. */
        public Builder ipcNamespace(Path path) {
            this.ipcNamespace = path;
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        /**
         * Installs a seccomp filter that allows every system call. CRIU cannot dump a process
         * under any filter, even this one, so tests use it to check that failure.
         */
        public Builder seccompAllowAll(boolean seccompAllowAll) {
            this.seccompAllowAll = seccompAllowAll;
            return this;
        }

        /** Sets no_new_privs, which is what Kubernetes' {@code allowPrivilegeEscalation: false} does. */
        public Builder noNewPrivileges(boolean noNewPrivileges) {
            this.noNewPrivileges = noNewPrivileges;
            return this;
        }

        public Builder openFilesLimit(int openFilesLimit) {
            this.openFilesLimit = openFilesLimit;
            return this;
        }

        public ContainerSpec build() {
            return new ContainerSpec(this);
        }
    }
}
