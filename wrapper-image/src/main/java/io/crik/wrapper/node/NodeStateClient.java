package io.crik.wrapper.node;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends one {@code GET {url}/nodes/{node}} to the node-state service with {@link HttpURLConnection},
 * which is in {@code java.base}, so the bundle's Java runtime needs no further module.
 */
final class NodeStateClient {

    /** Largest body read; the service's responses are a few hundred bytes. */
    private static final int MAX_BODY_BYTES = 64 * 1024;

    /** The status and body of one response. */
    record Response(int status, String body) {
    }

    private final URL url;
    private final String node;

    NodeStateClient(URI baseUrl, String node) {
        this.url = nodeUrl(baseUrl, node);
        this.node = node;
    }

    URL url() {
        return url;
    }

    String nodeName() {
        return node;
    }

    /**
     * Sends the request and reads the response within about {@code timeout}: the connect and the
     * read each get what is left of it.
     *
     * @throws IOException when the connection fails, is refused or times out
     */
    Response get(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // The service runs in the cluster; a proxy from the JVM's settings must not be used.
        HttpURLConnection connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
        try {
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/json");
            connection.setConnectTimeout(millisLeft(deadline));
            connection.setReadTimeout(millisLeft(deadline));
            connection.connect();
            connection.setReadTimeout(millisLeft(deadline));
            int status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = "";
            if (stream != null) {
                try (InputStream in = stream) {
                    body = new String(in.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
                }
            }
            return new Response(status, body);
        } finally {
            connection.disconnect();
        }
    }

    /** Returns the milliseconds until {@code deadline}, at least 1, because 0 means no timeout to HttpURLConnection. */
    private static int millisLeft(long deadline) {
        long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
    }

    static URL nodeUrl(URI baseUrl, String node) {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        try {
            return URI.create(base + "/nodes/" + pathSegment(node)).toURL();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot build the node-state URL from " + baseUrl + " and node " + node
                    + ": " + e.getMessage(), e);
        }
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters; node names need none of it. */
    private static String pathSegment(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
