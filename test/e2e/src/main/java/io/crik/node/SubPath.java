package io.crik.node;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Rules for a volume mount's {@code subPath} and {@code subPathExpr}. */
public final class SubPath {

    private SubPath() {
    }

    /** Rejects an absolute sub-path or one with a {@code ..} element, as API validation does. */
    public static void validate(String subPath) {
        if (subPath.startsWith("/")) {
            throw new IllegalArgumentException("subPath '" + subPath + "' is invalid: it must be a relative path");
        }
        for (String element : subPath.split("/")) {
            if (element.equals("..")) {
                throw new IllegalArgumentException("subPath '" + subPath + "' is invalid: it must not contain '..'");
            }
        }
    }

    /**
     * Expands {@code $(VAR)} in a {@code subPathExpr} with the container's variables, as the
     * kubelet does: a reference to a variable that is undefined or empty is an error, not kept.
     */
    public static String expand(String subPathExpr, Map<String, String> containerVariables) {
        Set<String> missing = new TreeSet<>();
        String expanded = VariableExpansion.expand(subPathExpr, name -> {
            String value = containerVariables.get(name);
            if (value == null || value.isEmpty()) {
                missing.add(name);
                return "";
            }
            return value;
        });
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("subPathExpr '" + subPathExpr + "' has no value for "
                    + String.join(", ", missing) + "; define it in the container's env");
        }
        validate(expanded);
        return expanded;
    }
}
