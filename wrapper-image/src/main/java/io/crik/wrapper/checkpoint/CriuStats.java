package io.crik.wrapper.checkpoint;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CRIU's own dump statistics, from the lines {@code --display-stats} prints, such as
 * {@code Frozen time: 11271 us} and {@code Memory pages written: 31 (0x1f)}.
 */
public final class CriuStats {

    private static final Pattern LINE = Pattern.compile("^([A-Za-z][A-Za-z ]+): (\\d+)( us)?(?: \\(0x[0-9a-f]+\\))?$");

    private CriuStats() {
    }

    /** Returns the statistics by key, such as {@code frozen_time_us} and {@code memory_pages_written}. */
    public static Map<String, String> parse(String output) {
        Map<String, String> stats = new TreeMap<>();
        boolean inStats = false;
        for (String line : output.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("Displaying ") && trimmed.endsWith(" stats:")) {
                inStats = true;
                continue;
            }
            Matcher matcher = LINE.matcher(trimmed);
            if (inStats && matcher.matches()) {
                String key = matcher.group(1).strip().toLowerCase(Locale.ROOT).replace(' ', '_');
                stats.put(matcher.group(3) == null ? key : key + "_us", matcher.group(2));
            }
        }
        return stats;
    }
}
