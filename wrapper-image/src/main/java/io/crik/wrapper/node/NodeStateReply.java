package io.crik.wrapper.node;

import java.util.List;
import java.util.Map;

/**
 * One response of the node-state service, read into what the wrapper does next: use the
 * result, give up with the node state unknown, or send the request again. A pure function of
 * the HTTP status and body.
 */
record NodeStateReply(Outcome outcome, String detail) {

    enum Outcome {
        /** 200: the node is going away. */
        GOING_AWAY,
        /** 200: the node is not going away. */
        NOT_GOING_AWAY,
        /** Repeating the request does not help: 404, a 503 with error "unavailable", or a response the wrapper cannot read. */
        UNKNOWN,
        /** Repeating the request may help: 503 while the service's cache syncs, another 5xx, 408 or 429. */
        RETRY
    }

    /** Reads a response: {@code status} is the HTTP status, {@code body} the body as text (maybe empty). */
    static NodeStateReply of(String node, int status, String body) {
        Map<String, Object> json = jsonObject(body);
        if (status == 200) {
            return ok(node, json, body);
        }
        String message = json != null && json.get("message") instanceof String text ? text : firstLine(body);
        String described = "HTTP " + status + (message.isEmpty() ? "" : ": " + message);
        if (status == 404) {
            return new NodeStateReply(Outcome.UNKNOWN, "the node-state service does not know node " + node + " ("
                    + described + ")");
        }
        if (status == 503 && json != null && "unavailable".equals(json.get("error"))) {
            return new NodeStateReply(Outcome.UNKNOWN, "the node-state service has no node state (" + described + ")");
        }
        if (status >= 500 || status == 408 || status == 429) {
            return new NodeStateReply(Outcome.RETRY, described);
        }
        return new NodeStateReply(Outcome.UNKNOWN, "unexpected response from the node-state service (" + described + ")");
    }

    private static NodeStateReply ok(String node, Map<String, Object> json, String body) {
        if (json == null || !(json.get("goingAway") instanceof Boolean goingAway)) {
            return new NodeStateReply(Outcome.UNKNOWN, "the node-state service returned HTTP 200 without a boolean"
                    + " goingAway field: " + firstLine(body));
        }
        if (!goingAway) {
            return new NodeStateReply(Outcome.NOT_GOING_AWAY, "node " + node + " is not going away");
        }
        return new NodeStateReply(Outcome.GOING_AWAY, "node " + node + " is going away" + reasons(json));
    }

    /** Returns the reasons as {@code : Type (message), ...}, or nothing when the response lists none. */
    private static String reasons(Map<String, Object> json) {
        if (!(json.get("reasons") instanceof List<?> reasons) || reasons.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(":");
        for (Object item : reasons) {
            if (item instanceof Map<?, ?> reason) {
                text.append(text.length() > 1 ? ", " : " ").append(reason.get("type"));
                if (reason.get("message") instanceof String message) {
                    text.append(" (").append(message).append(')');
                }
            }
        }
        if (json.get("since") instanceof String since) {
            text.append(", since ").append(since);
        }
        return text.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonObject(String body) {
        try {
            return Json.parse(body) instanceof Map<?, ?> object ? (Map<String, Object>) object : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Returns the body's first line, cut to 200 characters, for a log line. */
    private static String firstLine(String body) {
        String line = body.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
