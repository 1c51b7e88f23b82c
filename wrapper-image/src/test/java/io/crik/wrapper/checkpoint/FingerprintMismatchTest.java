package io.crik.wrapper.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintMismatchTest {

    private static final Map<String, String> ENV = Map.of("MODE", "batch", "DB_PASSWORD", "s3cret-value");

    @TempDir
    Path dir;

    private static Fingerprint fingerprint(String image, List<String> command, String workingDir, Map<String, String> env) {
        return Fingerprint.of(image, command, workingDir, env, Set.of());
    }

    private static Fingerprint base() {
        return fingerprint("registry.example/app:1", List.of("app", "--fast"), "/work", ENV);
    }

    private static Manifest manifestOf(Fingerprint fingerprint) {
        return Manifest.builder().fingerprint(fingerprint, Fingerprint.newSalt()).build();
    }

    private static Map<String, String> env(String... namesAndValues) {
        Map<String, String> env = new HashMap<>(ENV);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return env;
    }

    @Test
    void imageIsNamed() {
        Fingerprint current = fingerprint("registry.example/app:2", List.of("app", "--fast"), "/work", ENV);

        assertThat(FingerprintMismatch.describe(current, manifestOf(base())))
                .isEqualTo("the image differs: registry.example/app:2 now, registry.example/app:1 in the checkpoint");
    }

    @Test
    void commandIsNamed() {
        Fingerprint current = fingerprint("registry.example/app:1", List.of("app", "--slow"), "/work", ENV);

        assertThat(FingerprintMismatch.describe(current, manifestOf(base())))
                .isEqualTo("the command differs: [app, --slow] now, [app, --fast] in the checkpoint");
    }

    @Test
    void workingDirectoryIsNamed() {
        Fingerprint current = fingerprint("registry.example/app:1", List.of("app", "--fast"), "/srv", ENV);

        assertThat(FingerprintMismatch.describe(current, manifestOf(base())))
                .isEqualTo("the working directory differs: /srv now, /work in the checkpoint");
    }

    @Test
    void changedVariableIsNamedWithoutValue() {
        Fingerprint current = fingerprint("registry.example/app:1", List.of("app", "--fast"), "/work",
                env("DB_PASSWORD", "n3w-value"));

        String reason = FingerprintMismatch.describe(current, manifestOf(base()));

        assertThat(reason).isEqualTo("environment variable DB_PASSWORD differs");
        assertThat(reason).doesNotContain("s3cret").doesNotContain("n3w");
    }

    @Test
    void addedAndRemovedVariablesAreNamed() {
        Map<String, String> changed = env("EXTRA", "1", "MORE", "2");
        changed.remove("MODE");
        Fingerprint current = fingerprint("registry.example/app:1", List.of("app", "--fast"), "/work", changed);

        assertThat(FingerprintMismatch.describe(current, manifestOf(base())))
                .isEqualTo("environment variables EXTRA, MORE are set now but not in the checkpoint;"
                        + " environment variable MODE is in the checkpoint but not set now");
    }

    @Test
    void severalPartsAreNamed() {
        Fingerprint current = fingerprint("registry.example/app:2", List.of("app", "--slow"), "/work",
                env("MODE", "online", "DB_PASSWORD", "other"));

        assertThat(FingerprintMismatch.describe(current, manifestOf(base()))).isEqualTo(
                "the image differs: registry.example/app:2 now, registry.example/app:1 in the checkpoint;"
                        + " the command differs: [app, --slow] now, [app, --fast] in the checkpoint;"
                        + " environment variables DB_PASSWORD, MODE differ");
    }

    @Test
    void longVariableListIsCut() {
        Map<String, String> many = new HashMap<>(ENV);
        for (int i = 0; i < FingerprintMismatch.MAX_NAMES + 3; i++) {
            many.put(String.format("NEW_%02d", i), "x");
        }
        Fingerprint current = fingerprint("registry.example/app:1", List.of("app", "--fast"), "/work", many);

        assertThat(FingerprintMismatch.describe(current, manifestOf(base())))
                .startsWith("environment variables NEW_00, NEW_01,")
                .endsWith("NEW_09 and 3 more are set now but not in the checkpoint");
    }

    /** A manifest as crik wrote it before per-variable digests: names, command, image and directory only. */
    @Test
    void manifestWithoutDigestsGetsGenericReason() throws IOException {
        Path file = dir.resolve(Manifest.FILE_NAME);
        Files.writeString(file, """
                #crik checkpoint manifest
                app.pid=9001
                command.0=app
                command.1=--fast
                environment.names=DB_PASSWORD,MODE
                fingerprint=0000
                format=1
                generation=1
                image=registry.example/app\\:1
                working.dir=/work
                """);
        Manifest older = Manifest.read(file);
        Fingerprint current = fingerprint("registry.example/app:1", List.of("app", "--fast"), "/work",
                env("MODE", "online"));

        assertThat(older.environmentSalt()).isEmpty();
        assertThat(older.environmentDigests()).isEmpty();
        assertThat(FingerprintMismatch.describe(current, older)).isEqualTo("the value of an environment variable"
                + " differs; the manifest records no digest per variable, so it cannot name which");
        assertThat(FingerprintMismatch.describe(fingerprint("registry.example/app:1", List.of("app"), "/work", ENV), older))
                .isEqualTo("the command differs: [app] now, [app, --fast] in the checkpoint");
    }

    @Test
    void manifestWithoutPartsGetsGenericReason() {
        Manifest bare = Manifest.builder().put(Manifest.FINGERPRINT, "0000").build();

        assertThat(FingerprintMismatch.describe(base(), bare)).isEqualTo("the image, command, working directory or"
                + " environment differs from the container that was checkpointed; the manifest does not record which");
    }
}
