package io.crik.node;

import java.util.Map;
import java.util.function.Function;

/**
 * The kubelet's {@code $(VAR)} expansion, used for a container's command, args, env values and
 * {@code subPathExpr}.
 *
 * <ul>
 *   <li>{@code $$} becomes {@code $}, so {@code $$(VAR)} stays the literal {@code $(VAR)}.
 *   <li>{@code $(NAME)} becomes what the lookup returns for NAME. NAME is everything up to the
 *       first {@code )}, so nested references are not expanded.
 *   <li>{@code $(} without a closing {@code )}, a {@code $} before any other character and a
 *       {@code $} at the end are kept as they are. Shell forms such as {@code ${VAR}} and
 *       {@code $VAR} are not expanded, and a backslash escapes nothing.
 * </ul>
 */
public final class VariableExpansion {

    private VariableExpansion() {
    }

    /**
     * Returns a lookup that finds a name in the given maps, first map first, and leaves an
     * unknown reference as it was written, {@code $(NAME)}.
     */
    @SafeVarargs
    public static Function<String, String> keepingUnknown(Map<String, String>... contexts) {
        return name -> {
            for (Map<String, String> context : contexts) {
                if (context.containsKey(name)) {
                    return context.get(name);
                }
            }
            return "$(" + name + ")";
        };
    }

    /** Expands every reference in {@code input} through {@code lookup}. */
    public static String expand(String input, Function<String, String> lookup) {
        StringBuilder output = new StringBuilder(input.length());
        int cursor = 0;
        while (cursor < input.length()) {
            char current = input.charAt(cursor);
            if (current != '$' || cursor + 1 == input.length()) {
                output.append(current);
                cursor++;
                continue;
            }

            char next = input.charAt(cursor + 1);
            if (next == '$') {
                output.append('$');
                cursor += 2;
            } else if (next == '(') {
                int closer = input.indexOf(')', cursor + 2);
                if (closer < 0) {
                    output.append("$(");
                    cursor += 2;
                } else {
                    output.append(lookup.apply(input.substring(cursor + 2, closer)));
                    cursor = closer + 1;
                }
            } else {
                output.append('$').append(next);
                cursor += 2;
            }
        }
        return output.toString();
    }
}
