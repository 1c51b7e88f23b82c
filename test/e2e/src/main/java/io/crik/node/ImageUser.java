package io.crik.node;

import java.util.List;
import java.util.Optional;

/**
 * Resolves the UID and GID a container runs as, as containerd does: {@code runAsUser} or else the
 * image's USER ({@code uid}, {@code uid:gid}, {@code name} or {@code name:group}, names looked up
 * in the image's /etc/passwd and /etc/group), then {@code runAsGroup} over the group. A user
 * without a group takes its primary group from /etc/passwd, or GID 0 when it has no entry there.
 * It also applies the kubelet's {@code runAsNonRoot} check.
 */
public final class ImageUser {

    private ImageUser() {
    }

    /** A resolved user. */
    public record Ids(long uid, long gid) {
    }

    /**
     * Returns the ids.
     *
     * @param passwd lines of the image's /etc/passwd (empty when it has none)
     * @param group lines of the image's /etc/group (empty when it has none)
     */
    public static Ids resolve(String containerName, EffectiveSecurity security, String imageUser,
            List<String> passwd, List<String> group) {
        verifyRunAsNonRoot(containerName, security, imageUser);

        long uid;
        long gid;
        if (security.runAsUser() != null) {
            uid = security.runAsUser();
            gid = primaryGroup(uid, passwd);
        } else if (!imageUser.isEmpty()) {
            String[] parts = imageUser.split(":", 2);
            uid = isNumeric(parts[0]) ? Long.parseLong(parts[0]) : uidOf(parts[0], passwd, containerName);
            if (parts.length == 2) {
                gid = isNumeric(parts[1]) ? Long.parseLong(parts[1]) : gidOf(parts[1], group, containerName);
            } else {
                gid = primaryGroup(uid, passwd);
            }
        } else {
            if (security.runAsGroup() != null) {
                throw new IllegalArgumentException("container " + containerName + " sets runAsGroup without a user:"
                        + " set runAsUser too, as containerd rejects a group without a user");
            }
            uid = 0;
            gid = 0;
        }

        if (security.runAsGroup() != null) {
            gid = security.runAsGroup();
        }
        return new Ids(uid, gid);
    }

    private static void verifyRunAsNonRoot(String containerName, EffectiveSecurity security, String imageUser) {
        if (!security.runAsNonRoot()) {
            return;
        }
        if (security.runAsUser() != null) {
            if (security.runAsUser() == 0) {
                throw new IllegalArgumentException("container " + containerName
                        + "'s runAsUser breaks non-root policy: runAsNonRoot is true and runAsUser is 0");
            }
            return;
        }
        String user = imageUser.split(":", 2)[0];
        if (user.isEmpty() || user.equals("0")) {
            throw new IllegalArgumentException("container " + containerName
                    + " has runAsNonRoot and image will run as root; set a non-zero runAsUser");
        }
        if (!isNumeric(user)) {
            throw new IllegalArgumentException("container " + containerName + " has runAsNonRoot and image has"
                    + " non-numeric user (" + user + "), cannot verify user is non-root; set a numeric runAsUser");
        }
    }

    private static long primaryGroup(long uid, List<String> passwd) {
        return findEntry(passwd, fields -> fields.length > 3 && fields[2].equals(Long.toString(uid)))
                .map(fields -> Long.parseLong(fields[3]))
                .orElse(0L);
    }

    private static long uidOf(String name, List<String> passwd, String containerName) {
        return findEntry(passwd, fields -> fields.length > 3 && fields[0].equals(name))
                .map(fields -> Long.parseLong(fields[2]))
                .orElseThrow(() -> new IllegalArgumentException("container " + containerName + ": image user '" + name
                        + "' not found in the image's /etc/passwd; set a numeric runAsUser"));
    }

    private static long gidOf(String name, List<String> group, String containerName) {
        return findEntry(group, fields -> fields.length > 2 && fields[0].equals(name))
                .map(fields -> Long.parseLong(fields[2]))
                .orElseThrow(() -> new IllegalArgumentException("container " + containerName + ": image group '" + name
                        + "' not found in the image's /etc/group; set a numeric runAsGroup"));
    }

    private static Optional<String[]> findEntry(List<String> lines, java.util.function.Predicate<String[]> matches) {
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(":", -1);
            if (matches.test(fields)) {
                return Optional.of(fields);
            }
        }
        return Optional.empty();
    }

    private static boolean isNumeric(String value) {
        return !value.isEmpty() && value.chars().allMatch(Character::isDigit);
    }
}
