package io.crik.node;

import java.util.Locale;

/**
 * Image references in the fully qualified form a container runtime stores them under, so that
 * {@code busybox}, {@code busybox:latest} and {@code docker.io/library/busybox:latest} name the
 * same image.
 */
public final class ImageReference {

    private static final String DEFAULT_DOMAIN = "docker.io";
    private static final String OFFICIAL_REPOSITORY_PREFIX = "library/";

    private ImageReference() {
    }

    /** Returns {@code reference} with the default registry, repository prefix and tag filled in. */
    public static String normalize(String reference) {
        if (reference == null || reference.isBlank() || reference.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid image reference '" + reference
                    + "': it must be non-empty and contain no spaces");
        }

        String name = reference;
        String digest = "";
        int at = name.indexOf('@');
        if (at >= 0) {
            digest = name.substring(at);
            name = name.substring(0, at);
        }

        String tag = "";
        int lastColon = name.lastIndexOf(':');
        if (lastColon > name.lastIndexOf('/')) {
            tag = name.substring(lastColon);
            name = name.substring(0, lastColon);
        }

        String domain = DEFAULT_DOMAIN;
        String repository = name;
        int slash = name.indexOf('/');
        if (slash >= 0 && isDomain(name.substring(0, slash))) {
            domain = name.substring(0, slash);
            repository = name.substring(slash + 1);
        } else if (slash < 0) {
            repository = OFFICIAL_REPOSITORY_PREFIX + name;
        }
        if (!repository.equals(repository.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("invalid image reference '" + reference
                    + "': the repository name must be lower case");
        }

        if (tag.isEmpty() && digest.isEmpty()) {
            tag = ":latest";
        }
        return domain + "/" + repository + tag + digest;
    }

    private static boolean isDomain(String component) {
        return component.contains(".") || component.contains(":") || component.equals("localhost");
    }
}
