package io.crik.runc;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a {@link ContainerSpec} as an OCI runtime config (runc's config.json) with the
 * defaults that containerd gives a Kubernetes container: its default capabilities, masked and
 * read-only /proc paths, no seccomp filter unless asked, and new PID, mount, IPC and UTS
 * namespaces.
 */
public final class OciConfig {

    /** containerd's default capability set for a container, in Kubernetes names. */
    public static final List<String> DEFAULT_CAPABILITIES = List.of(
            "CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID", "SETUID",
            "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE");

    /** PATH of a container whose image sets none, the one most base images set. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final List<String> MASKED_PATHS = List.of(
            "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
            "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");

    private static final List<String> READ_ONLY_PROC_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sysrq-trigger");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OciConfig() {
    }

    public static String render(ContainerSpec spec) {
        ObjectNode config = JSON.createObjectNode();
        config.put("ociVersion", "1.0.2");
        config.set("process", process(spec));
        ObjectNode root = config.putObject("root");
        root.put("path", spec.rootfs.toAbsolutePath().toString());
        root.put("readonly", spec.readOnlyRootfs);
        config.put("hostname", spec.hostname);
        config.set("mounts", mounts(spec));
        config.set("linux", linux(spec));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config);
    }

    /**
     * Every capability of Linux 6.x in Kubernetes names, in the order of their bit numbers; {@code ALL} in a container's added
     * capabilities means those of them that this process holds, as containerd grants.
     */
    public static final List<String> ALL_CAPABILITIES = List.of(
            "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
            "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
            "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
            "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
            "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
            "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE");

    /**
     * Returns the capabilities the container gets, as runc names them ({@code CAP_...}), in
     * containerd's order: {@code ALL} added, {@code ALL} dropped, then each added one, then each
     * dropped one. So a capability both added and dropped is dropped.
     */
    public static Set<String> effectiveCapabilities(ContainerSpec spec) {
        return effectiveCapabilities(spec, HostCapabilities.boundingSet());
    }

    static Set<String> effectiveCapabilities(ContainerSpec spec, Set<String> boundingSet) {
        Set<String> names = new LinkedHashSet<>(DEFAULT_CAPABILITIES);
        if (spec.addedCapabilities.contains("ALL")) {
            for (String name : ALL_CAPABILITIES) {
                if (boundingSet.contains(name)) {
                    names.add(name);
                }
            }
        }
        if (spec.droppedCapabilities.contains("ALL")) {
            names.clear();
        }
        for (String name : spec.addedCapabilities) {
            if (!name.equals("ALL")) {
                names.add(withoutPrefix(name));
            }
        }
        for (String name : spec.droppedCapabilities) {
            names.remove(withoutPrefix(name));
        }
        Set<String> runcNames = new LinkedHashSet<>();
        for (String name : names) {
            runcNames.add("CAP_" + name);
        }
        return runcNames;
    }

    private static String withoutPrefix(String name) {
        return name.startsWith("CAP_") ? name.substring(4) : name;
    }

    private static ObjectNode process(ContainerSpec spec) {
        ObjectNode process = JSON.createObjectNode();
        process.put("terminal", false);
        ObjectNode user = process.putObject("user");
        user.put("uid", spec.uid);
        user.put("gid", spec.gid);
        strings(process.putArray("args"), spec.args);
        ArrayNode env = process.putArray("env");
        if (!spec.env.containsKey("PATH")) {
            env.add("PATH=" + DEFAULT_PATH);
        }
        for (Map.Entry<String, String> variable : spec.env.entrySet()) {
            env.add(variable.getKey() + "=" + variable.getValue());
        }
        process.put("cwd", spec.workingDir);

        Set<String> capabilities = effectiveCapabilities(spec);
        ObjectNode sets = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            strings(sets.putArray(set), capabilities);
        }

        ObjectNode openFiles = process.putArray("rlimits").addObject();
        openFiles.put("type", "RLIMIT_NOFILE");
        openFiles.put("hard", spec.openFilesLimit);
        openFiles.put("soft", spec.openFilesLimit);
        // Kubernetes' allowPrivilegeEscalation defaults to true, which is no_new_privs off.
        process.put("noNewPrivileges", spec.noNewPrivileges);
        return process;
    }

    private static ArrayNode mounts(ContainerSpec spec) {
        ArrayNode mounts = JSON.createArrayNode();
        addMount(mounts, "/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev"));
        addMount(mounts, "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
        addMount(mounts, "/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"));
        addMount(mounts, "/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k"));
        addMount(mounts, "/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev"));
        addMount(mounts, "/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"));
        for (Mount mount : spec.mounts) {
            addMount(mounts, mount.destination(), "bind", mount.source().toAbsolutePath().toString(), mount.options());
        }
        return mounts;
    }

    private static ObjectNode linux(ContainerSpec spec) {
        ObjectNode linux = JSON.createObjectNode();
        ArrayNode namespaces = linux.putArray("namespaces");
        namespaces.addObject().put("type", "pid");
        namespaces.addObject().put("type", "mount");
        namespaces.addObject().put("type", "uts");
        ObjectNode ipc = namespaces.addObject().put("type", "ipc");
        if (spec.ipcNamespace != null) {
            ipc.put("path", spec.ipcNamespace.toString());
        }
        ObjectNode network = namespaces.addObject().put("type", "network");
        if (spec.networkNamespace != null) {
            network.put("path", spec.networkNamespace.toString());
        }

        strings(linux.putArray("maskedPaths"), MASKED_PATHS);
        ArrayNode readOnly = strings(linux.putArray("readonlyPaths"), READ_ONLY_PROC_PATHS);
        if (!spec.writableProcSys) {
            readOnly.add("/proc/sys");
        }
        if (spec.seccompAllowAll) {
            ObjectNode seccomp = linux.putObject("seccomp");
            seccomp.put("defaultAction", "SCMP_ACT_ALLOW");
            strings(seccomp.putArray("architectures"), List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"));
        }
        return linux;
    }

    private static void addMount(ArrayNode mounts, String destination, String type, String source, List<String> options) {
        ObjectNode mount = mounts.addObject();
        mount.put("destination", destination);
        mount.put("type", type);
        mount.put("source", source);
        strings(mount.putArray("options"), options);
    }

    private static ArrayNode strings(ArrayNode array, Iterable<String> values) {
        for (String value : values) {
            array.add(value);
        }
        return array;
    }
}
