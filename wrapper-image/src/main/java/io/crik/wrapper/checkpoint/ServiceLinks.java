package io.crik.wrapper.checkpoint;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Recognizes the variables that the kubelet derives from the namespace's Services (Docker-style
 * links, on by default through {@code enableServiceLinks}): for a Service {@code DB} it sets
 * {@code DB_SERVICE_HOST}, {@code DB_SERVICE_PORT[_<port name>]}, {@code DB_PORT} and
 * {@code DB_PORT_<port>_<protocol>[_PROTO|_PORT|_ADDR]}. They change whenever Services in the
 * namespace are created or deleted, so a replacement pod may see other ones.
 *
 * <p>A name counts as a service link only when {@code <PREFIX>_SERVICE_HOST} is set too, so a
 * user's {@code DB_PORT} stays in the fingerprint unless a {@code DB} Service link exists.
 */
final class ServiceLinks {

    private static final String HOST_SUFFIX = "_SERVICE_HOST";

    private final Set<String> prefixes = new HashSet<>();

    ServiceLinks(Map<String, String> environment) {
        for (String name : environment.keySet()) {
            if (name.endsWith(HOST_SUFFIX) && name.length() > HOST_SUFFIX.length()) {
                prefixes.add(name.substring(0, name.length() - HOST_SUFFIX.length()));
            }
        }
    }

    boolean contains(String name) {
        for (String prefix : prefixes) {
            if (name.equals(prefix + HOST_SUFFIX)
                    || name.equals(prefix + "_SERVICE_PORT")
                    || name.startsWith(prefix + "_SERVICE_PORT_")
                    || name.equals(prefix + "_PORT")
                    || name.startsWith(prefix + "_PORT_")) {
                return true;
            }
        }
        return false;
    }
}
