package io.crik.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives every scenario the same {@link LocalCluster}, started at the first request and closed at
 * the end of the test run, because starting the webhook and building the images takes seconds.
 * Its files stay under {@code target/e2e} for inspection.
 */
final class SharedCluster implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedCluster.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(LocalCluster.class, key -> startCluster(), LocalCluster.class);
    }

    private static LocalCluster startCluster() {
        requireRoot();
        try {
            Path runs = Files.createDirectories(Path.of("target", "e2e"));
            return LocalCluster.start(Files.createTempDirectory(runs, "run-"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the work directory under target/e2e", e);
        }
    }

    private static void requireRoot() {
        try {
            Process id = new ProcessBuilder("id", "-u").start();
            String uid = new String(id.getInputStream().readAllBytes()).strip();
            id.waitFor();
            if (!uid.equals("0")) {
                throw new IllegalStateException("the end-to-end tests run runc and CRIU, which need root; run them as root");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run id -u", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
