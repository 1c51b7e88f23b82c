package io.crik.wrapper.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Names what differs between the current container's fingerprint and the one a checkpoint's
 * manifest records: the image, the command, the working directory, and each environment variable
 * that was added, removed or changed. Variable values are compared through their digests and
 * never shown.
 */
final class FingerprintMismatch {

    /** Variable names listed per kind of change; the rest are counted. */
    static final int MAX_NAMES = 10;
    /** Characters of an image, command or directory shown before it is cut. */
    static final int MAX_VALUE_CHARS = 200;

    private FingerprintMismatch() {
    }

    /** Returns the differences as one clause per part, joined with "; ". */
    static String describe(Fingerprint current, Manifest checkpointed) {
        List<String> differences = new ArrayList<>();
        if (checkpointed.has(Manifest.IMAGE) && !checkpointed.get(Manifest.IMAGE).equals(current.image())) {
            differences.add(differs("the image", current.image(), checkpointed.get(Manifest.IMAGE)));
        }
        List<String> command = checkpointed.command();
        if (!command.isEmpty() && !command.equals(current.command())) {
            differences.add(differs("the command", current.command().toString(), command.toString()));
        }
        if (checkpointed.has(Manifest.WORKING_DIR)
                && !checkpointed.get(Manifest.WORKING_DIR).equals(current.workingDir())) {
            differences.add(differs("the working directory", current.workingDir(), checkpointed.get(Manifest.WORKING_DIR)));
        }

        Optional<Set<String>> recordedNames = checkpointed.environmentNames();
        Set<String> names = current.environment().keySet();
        if (recordedNames.isPresent()) {
            Set<String> added = new TreeSet<>(names);
            added.removeAll(recordedNames.get());
            Set<String> removed = new TreeSet<>(recordedNames.get());
            removed.removeAll(names);
            addVariables(differences, added, "is set now but not in the checkpoint", "are set now but not in the checkpoint");
            addVariables(differences, removed, "is in the checkpoint but not set now", "are in the checkpoint but not set now");
        }
        Optional<String> salt = checkpointed.environmentSalt();
        if (salt.isPresent()) {
            Map<String, String> recorded = checkpointed.environmentDigests();
            Set<String> changed = new TreeSet<>();
            current.environmentDigests(salt.get()).forEach((name, digest) -> {
                if (recorded.containsKey(name) && !recorded.get(name).equals(digest)) {
                    changed.add(name);
                }
            });
            addVariables(differences, changed, "differs", "differ");
        }

        if (!differences.isEmpty()) {
            return String.join("; ", differences);
        }
        if (recordedNames.isPresent() && salt.isEmpty()) {
            // Everything else matched, so a value changed, but this manifest has no digests to say which.
            return "the value of an environment variable differs; the manifest records no digest per variable,"
                    + " so it cannot name which";
        }
        return "the image, command, working directory or environment differs from the container that was"
                + " checkpointed; the manifest does not record which";
    }

    private static String differs(String part, String now, String checkpointed) {
        return part + " differs: " + shorten(now) + " now, " + shorten(checkpointed) + " in the checkpoint";
    }

    private static void addVariables(List<String> differences, Set<String> names, String singular, String plural) {
        if (names.isEmpty()) {
            return;
        }
        List<String> listed = new ArrayList<>(names).subList(0, Math.min(names.size(), MAX_NAMES));
        String list = String.join(", ", listed);
        if (names.size() > MAX_NAMES) {
            list += " and " + (names.size() - MAX_NAMES) + " more";
        }
        differences.add(names.size() == 1
                ? "environment variable " + list + " " + singular
                : "environment variables " + list + " " + plural);
    }

    private static String shorten(String value) {
        return value.length() <= MAX_VALUE_CHARS ? value : value.substring(0, MAX_VALUE_CHARS) + "...";
    }
}
