package io.crik.wrapper.checkpoint;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reader of the app's state in /proc before a dump: its process tree, every thread ID in it,
 * the targets of its stdout and stderr, and the paths of its bound unix sockets.
 */
public final class AppProcesses {

    private final Path proc;

    public AppProcesses(Path proc) {
        this.proc = proc;
    }

    /** Returns the PIDs of {@code root} and all its descendants. */
    public List<Integer> tree(int root) throws IOException {
        Map<Integer, List<Integer>> children = new HashMap<>();
        for (int pid : numericEntries(proc)) {
            parentOf(pid).ifPresent(parent -> children.computeIfAbsent(parent, key -> new ArrayList<>()).add(pid));
        }
        List<Integer> tree = new ArrayList<>();
        List<Integer> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            int pid = pending.remove(pending.size() - 1);
            tree.add(pid);
            pending.addAll(children.getOrDefault(pid, List.of()));
        }
        return tree;
    }

    /** Returns every PID and thread ID of the given processes, sorted. */
    public Set<Integer> taskIds(List<Integer> pids) throws IOException {
        Set<Integer> ids = new TreeSet<>();
        for (int pid : pids) {
            ids.add(pid);
            try {
                ids.addAll(numericEntries(proc.resolve(Integer.toString(pid)).resolve("task")));
            } catch (IOException e) {
                // The process ended while it was listed.
            }
        }
        return ids;
    }

    /** Returns what fd {@code fd} of {@code pid} points at, such as {@code pipe:[1234]}. */
    public Optional<String> fdTarget(int pid, int fd) {
        try {
            return Optional.of(Files.readSymbolicLink(proc.resolve(pid + "/fd/" + fd)).toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Returns the file system paths of the unix sockets the processes hold; abstract ones have none. */
    public List<String> unixSocketPaths(List<Integer> pids) throws IOException {
        Set<String> inodes = new HashSet<>();
        for (int pid : pids) {
            Path fds = proc.resolve(pid + "/fd");
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
                for (Path fd : entries) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring("socket:[".length(), target.length() - 1));
                        }
                    } catch (IOException e) {
                        // The fd was closed while it was listed.
                    }
                }
            } catch (IOException e) {
                // The process ended while it was listed.
            }
        }
        Set<String> paths = new TreeSet<>();
        if (inodes.isEmpty() || pids.isEmpty()) {
            return List.of();
        }
        // Columns: Num RefCount Protocol Flags Type St Inode Path
        for (String line : Files.readAllLines(proc.resolve(pids.get(0) + "/net/unix"))) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 8 && inodes.contains(columns[6]) && columns[7].startsWith("/")) {
                paths.add(columns[7]);
            }
        }
        return List.copyOf(paths);
    }

    private Optional<Integer> parentOf(int pid) {
        try {
            String stat = Files.readString(proc.resolve(pid + "/stat"));
            // The command name in brackets may contain spaces; fields after it are plain.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Integer.parseInt(fields[1]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<Integer> numericEntries(Path dir) throws IOException {
        List<Integer> numbers = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    numbers.add(Integer.parseInt(name));
                }
            }
        }
        return numbers;
    }
}
