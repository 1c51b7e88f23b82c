package io.crik.e2e;

import io.crik.runc.RootfsImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the scenarios run, built by the other modules: the webhook's executable jar and the
 * wrapper bundle. The system properties {@code crik.webhook.jar} and {@code crik.bundle} name
 * them; without those, they are looked up in the checkout's build folders.
 */
public final class Artifacts {

    private Artifacts() {
    }

    /** Returns the checkout's top folder. */
    public static Path projectTop() {
        return RootfsImages.projectTop();
    }

    /** Returns the folder of example manifests and workloads. */
    public static Path examples() {
        return projectTop().resolve("examples");
    }

    /** Returns the webhook's executable jar, as {@code mvn package} leaves it in webhook/target. */
    public static Path webhookJar() {
        String configured = System.getProperty("crik.webhook.jar");
        if (configured != null && !configured.isBlank()) {
            return requireFile(Path.of(configured), "the webhook jar (system property crik.webhook.jar)");
        }
        Path target = projectTop().resolve("webhook/target");
        try (Stream<Path> files = Files.list(target)) {
            List<Path> jars = files.filter(file -> file.getFileName().toString().matches("crik-webhook-.*\\.jar"))
                    .filter(file -> !file.getFileName().toString().endsWith("-tests.jar"))
                    .toList();
            if (jars.size() != 1) {
                throw new IllegalStateException("expected one webhook jar in " + target + " but found " + jars
                        + "; build it with: mvn -pl webhook -am package -DskipTests");
            }
            return jars.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target + "; build the webhook with: mvn -pl webhook -am"
                    + " package -DskipTests", e);
        }
    }

    /** Returns the wrapper bundle, as {@code mvn package} leaves it in wrapper-image/target/bundle. */
    public static Path bundle() {
        String configured = System.getProperty("crik.bundle");
        Path bundle = configured != null && !configured.isBlank()
                ? Path.of(configured) : projectTop().resolve("wrapper-image/target/bundle");
        requireFile(bundle.resolve("bin/crik"), "the wrapper bundle (build it with: mvn -pl wrapper-image -am package"
                + " -DskipTests)");
        return bundle.toAbsolutePath().normalize();
    }

    private static Path requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(what + " not found at " + file);
        }
        return file.toAbsolutePath().normalize();
    }
}
