package io.crik.wrapper.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The container identity that must match for a checkpoint to be restored: the image, the
 * command, the working directory and the environment. Variables that differ between a pod and
 * its replacement are left out: every {@code CRIK_*} variable, {@code HOSTNAME}, the kubelet's
 * service link variables ({@link ServiceLinks}) and the names listed in
 * {@code CRIK_FINGERPRINT_EXCLUDE_ENV}.
 */
public record Fingerprint(String image, List<String> command, String workingDir, Map<String, String> environment) {

    public Fingerprint {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** Builds the fingerprint from the container's settings, leaving out the per-pod variables. */
    public static Fingerprint of(String image, List<String> command, String workingDir,
            Map<String, String> environment, Set<String> excludedNames) {
        ServiceLinks serviceLinks = new ServiceLinks(environment);
        Map<String, String> kept = new TreeMap<>();
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith("CRIK_") && !name.equals("HOSTNAME") && !excludedNames.contains(name)
                    && !serviceLinks.contains(name)) {
                kept.put(name, variable.getValue());
            }
        }
        return new Fingerprint(image, command, workingDir, kept);
    }

    /** Returns the SHA-256 of an unambiguous encoding of every part, in hex. */
    public String digest() {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the Java runtime", e);
        }
        update(sha256, "image", image);
        update(sha256, "cwd", workingDir);
        for (String argument : command) {
            update(sha256, "arg", argument);
        }
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            update(sha256, "env", variable.getKey() + "=" + variable.getValue());
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Returns 16 random bytes in hex, a new salt for {@link #environmentDigests}. */
    public static String newSalt() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return HexFormat.of().formatHex(salt);
    }

    /**
     * Returns an HMAC-SHA256 of each variable, keyed with {@code salt} (hex), by name. A manifest
     * stores these in place of the values, which may be secrets, so that a restore can name the
     * variable that changed. The salt keeps equal values from giving equal digests across
     * checkpoints. The CRIU images hold the app's memory, environment included, in any case.
     */
    public Map<String, String> environmentDigests(String salt) {
        Mac hmac;
        try {
            hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(HexFormat.of().parseHex(salt), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from the Java runtime", e);
        }
        Map<String, String> digests = new TreeMap<>();
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            // Names contain no '=', so NAME=value is unambiguous.
            byte[] entry = (variable.getKey() + "=" + variable.getValue()).getBytes(StandardCharsets.UTF_8);
            digests.put(variable.getKey(), HexFormat.of().formatHex(hmac.doFinal(entry)));
        }
        return digests;
    }

    /** Writes a length-prefixed field, so that no two different inputs encode alike. */
    private static void update(MessageDigest digest, String field, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update((field + ":" + bytes.length + ":").getBytes(StandardCharsets.UTF_8));
        digest.update(bytes);
    }
}
