package io.crik.e2e;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the output of the example workloads: the counter's {@code count N} and the accumulator's {@code step N HASH}. */
public final class WorkloadOutput {

    private static final Pattern COUNT = Pattern.compile("count (\\d+)");
    private static final Pattern STEP = Pattern.compile("step (\\d+) ([0-9a-f]{64})");
    private static final Pattern HELD = Pattern.compile("index (\\S+) holds (\\d+) MiB with sha256 ([0-9a-f]{64})");
    private static final Pattern DONE = Pattern.compile("done after (\\d+) steps; memory sha256 ([0-9a-f]{64})");

    /** One step of the accumulator's hash chain. */
    public record Step(int number, String hash) {
    }

    private WorkloadOutput() {
    }

    /** Returns the numbers of the {@code count N} lines, in order. */
    public static List<Integer> counts(List<String> lines) {
        List<Integer> counts = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = COUNT.matcher(line);
            if (matcher.matches()) {
                counts.add(Integer.parseInt(matcher.group(1)));
            }
        }
        return counts;
    }

    /** Returns the accumulator's {@code step N HASH} lines, in order. */
    public static List<Step> steps(List<String> lines) {
        List<Step> steps = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = STEP.matcher(line);
            if (matcher.matches()) {
                steps.add(new Step(Integer.parseInt(matcher.group(1)), matcher.group(2)));
            }
        }
        return steps;
    }

    /** Returns the digest of the accumulator's data printed at its start, or null when the line is missing. */
    public static String initialDigest(List<String> lines) {
        for (String line : lines) {
            Matcher matcher = HELD.matcher(line);
            if (matcher.matches()) {
                return matcher.group(3);
            }
        }
        return null;
    }

    /** Returns the digest of the accumulator's data printed at its end, or null when the line is missing. */
    public static String finalDigest(List<String> lines) {
        for (String line : lines) {
            Matcher matcher = DONE.matcher(line);
            if (matcher.matches()) {
                return matcher.group(2);
            }
        }
        return null;
    }

    /**
     * Computes the accumulator's chain for a completion index up to {@code steps}, as
     * accumulate.py does: SHA-256 of "index I", then each step hashes the previous value and the
     * step number as 8 big-endian bytes.
     */
    public static List<Step> expectedSteps(String index, int steps) {
        List<Step> expected = new ArrayList<>();
        byte[] chain = sha256(("index " + index).getBytes(StandardCharsets.UTF_8));
        for (int step = 1; step <= steps; step++) {
            byte[] input = new byte[chain.length + 8];
            System.arraycopy(chain, 0, input, 0, chain.length);
            for (int i = 0; i < 8; i++) {
                input[chain.length + i] = (byte) ((long) step >>> (56 - 8 * i));
            }
            chain = sha256(input);
            expected.add(new Step(step, HexFormat.of().formatHex(chain)));
        }
        return expected;
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
