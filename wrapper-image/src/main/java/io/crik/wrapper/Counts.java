package io.crik.wrapper;

/** Formats counts for log lines and messages, so that 1 reads "1 request" and "once", not "1 requests" or "1 times". */
public final class Counts {

    private Counts() {
    }

    /** Returns the count with the singular or the plural noun, such as "1 request" or "3 requests". */
    public static String of(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }

    /** Returns "once" for 1 and "N times" for any other count. */
    public static String times(long count) {
        return count == 1 ? "once" : count + " times";
    }
}
