package io.crik.e2e;

import io.crik.webhook.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's executable jar, run as its own process the way the README's local run starts
 * it: HTTPS with PEM files, the plain-HTTP port next to it, and a kubeconfig for the API server.
 * Both ports are free loopback ports picked at start.
 */
final class WebhookProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final Process process;
    private final int httpsPort;
    private final int plainPort;
    private final Path logFile;

    private WebhookProcess(String name, Process process, int httpsPort, int plainPort, Path logFile) {
        this.name = name;
        this.process = process;
        this.httpsPort = httpsPort;
        this.plainPort = plainPort;
        this.logFile = logFile;
    }

    /**
     * Starts the jar and waits until its readiness probe passes.
     *
     * @param properties further {@code --name=value} settings, such as {@code crik.webhook.capabilities}
     */
    static WebhookProcess start(String name, Path workDir, Path kubeconfig, TestCertificates certificates,
            Map<String, String> properties) {
        int httpsPort = freePort();
        int plainPort = freePort();
        while (plainPort == httpsPort) {
            plainPort = freePort();
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.port", Integer.toString(httpsPort));
        all.put("server.address", "127.0.0.1");
        all.put("server.ssl.certificate", certificates.certificateLocation());
        all.put("server.ssl.certificate-private-key", certificates.privateKeyLocation());
        all.put("crik.webhook.plain-port", Integer.toString(plainPort));
        all.put("crik.webhook.kubernetes.enabled", "true");
        all.putAll(properties);

        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", Artifacts.webhookJar().toString()));
        all.forEach((key, value) -> command.add("--" + key + "=" + value));

        Path logFile = workDir.resolve(name + ".log");
        Process process;
        try {
            Files.createDirectories(workDir);
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(logFile.toFile());
            builder.environment().put("KUBECONFIG", kubeconfig.toString());
            builder.environment().remove("KUBERNETES_SERVICE_HOST");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the webhook " + command, e);
        }
        WebhookProcess webhook = new WebhookProcess(name, process, httpsPort, plainPort, logFile);
        try {
            webhook.awaitReady();
        } catch (RuntimeException e) {
            webhook.close();
            throw e;
        }
        log.info("webhook {} (pid {}) ready: HTTPS on 127.0.0.1:{}, plain HTTP on 127.0.0.1:{}, log {}", name,
                process.pid(), httpsPort, plainPort, logFile);
        return webhook;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** Returns the URL of {@code POST /mutate}. */
    URI mutateUrl() {
        return URI.create("https://127.0.0.1:" + httpsPort + "/mutate");
    }

    /** Returns the base URL of the plain-HTTP port: health, metrics and node state. */
    String plainUrl() {
        return "http://127.0.0.1:" + plainPort;
    }

    int plainPort() {
        return plainPort;
    }

    Path logFile() {
        return logFile;
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create(plainUrl() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no response";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("webhook " + name + " exited with " + process.exitValue()
                        + " while starting; its log:\n" + logTail());
            }
            try {
                HttpResponse<String> response = client.send(readiness, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for webhook " + name, e);
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("webhook " + name + " not ready after " + START_TIMEOUT + " (last readiness: "
                + last + "); its log:\n" + logTail());
    }

    /** Returns the end of the webhook's log, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    /** Stops the process with SIGTERM, which starts Spring Boot's graceful shutdown, then SIGKILL. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("webhook {} (pid {}) still running {} after SIGTERM; sending SIGKILL", name, process.pid(),
                        STOP_TIMEOUT);
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Returns a port that is free on 127.0.0.1 now; another process could take it before the webhook binds it. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
