package io.crik.wrapper.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

    @TempDir
    Path dir;

    private static Manifest sample() {
        return Manifest.builder()
                .put(Manifest.FINGERPRINT, "abc")
                .put(Manifest.GENERATION, 2)
                .put(Manifest.APP_PID, 9001)
                .put(Manifest.STDOUT, "pipe:[12]")
                .command(List.of("python3", "-c", "print('a = b')"))
                .environmentNames(Set.of("B", "A"))
                .file("images/pages-1.img", new Manifest.FileDigest(4096, "0badf00d"))
                .unixSockets(List.of("/run/app.sock"))
                .preservedPaths(List.of("/var/log/app.log"))
                .criuStats(Map.of("frozen_time_us", "11"))
                .build();
    }

    @Test
    void roundTripKeepsEveryValue() throws IOException {
        Path file = dir.resolve(Manifest.FILE_NAME);
        Files.writeString(file, sample().render());

        Manifest read = Manifest.read(file);

        assertThat(read.values()).isEqualTo(sample().values());
        assertThat(read.command()).containsExactly("python3", "-c", "print('a = b')");
        assertThat(read.files()).containsEntry("images/pages-1.img", new Manifest.FileDigest(4096, "0badf00d"));
        assertThat(read.unixSockets()).containsExactly("/run/app.sock");
        assertThat(read.preservedPaths()).containsExactly("/var/log/app.log");
        assertThat(read.criuStats()).containsEntry("frozen_time_us", "11");
        assertThat(read.stdio(Manifest.STDOUT)).hasValue("pipe:[12]");
        assertThat(read.generation()).isEqualTo(2);
        assertThat(read.appPid()).isEqualTo(9001);
    }

    @Test
    void renderIsSortedAndStable() {
        String text = sample().render();

        assertThat(text).isEqualTo(sample().render());
        assertThat(text).startsWith("#crik checkpoint manifest\n").doesNotContain("#Mon").doesNotContain("#Fri");
        List<String> keys = text.lines().filter(line -> !line.startsWith("#")).map(line -> line.substring(0, line.indexOf('='))).toList();
        assertThat(keys).isSorted();
    }

    @Test
    void otherFormatIsRejected() throws IOException {
        Path file = dir.resolve(Manifest.FILE_NAME);
        Files.writeString(file, "format=2\nfingerprint=a\ngeneration=1\napp.pid=1\n");

        assertThatThrownBy(() -> Manifest.read(file)).hasMessageContaining("format 2");
    }

    @Test
    void missingFingerprintIsRejected() throws IOException {
        Path file = dir.resolve(Manifest.FILE_NAME);
        Files.writeString(file, "format=1\ngeneration=1\napp.pid=1\n");

        assertThatThrownBy(() -> Manifest.read(file)).hasMessageContaining("no fingerprint");
    }

    @Test
    void fingerprintPartsRoundTrip() throws IOException {
        Fingerprint fingerprint = Fingerprint.of("registry.example/app:1", List.of("app", "--x"), "/work",
                Map.of("MODE", "batch", "TOKEN", "s3cret"), Set.of());
        String salt = Fingerprint.newSalt();
        Path file = dir.resolve(Manifest.FILE_NAME);
        Files.writeString(file, Manifest.builder().fingerprint(fingerprint, salt).put(Manifest.GENERATION, 1)
                .put(Manifest.APP_PID, 9001).build().render());

        Manifest read = Manifest.read(file);

        assertThat(read.fingerprint()).isEqualTo(fingerprint.digest());
        assertThat(read.get(Manifest.IMAGE)).isEqualTo("registry.example/app:1");
        assertThat(read.get(Manifest.WORKING_DIR)).isEqualTo("/work");
        assertThat(read.command()).containsExactly("app", "--x");
        assertThat(read.environmentNames()).hasValue(Set.of("MODE", "TOKEN"));
        assertThat(read.environmentSalt()).hasValue(salt);
        assertThat(read.environmentDigests()).isEqualTo(fingerprint.environmentDigests(salt));
        assertThat(Files.readString(file)).doesNotContain("s3cret").doesNotContain("batch");
    }

    @Test
    void manifestWithoutFingerprintPartsIsRead() throws IOException {
        Path file = dir.resolve(Manifest.FILE_NAME);
        Files.writeString(file, "format=1\nfingerprint=a\ngeneration=1\napp.pid=1\n");

        Manifest read = Manifest.read(file);

        assertThat(read.has(Manifest.IMAGE)).isFalse();
        assertThat(read.environmentNames()).isEmpty();
        assertThat(read.environmentSalt()).isEmpty();
        assertThat(read.environmentDigests()).isEmpty();
    }

    @Test
    void trailingSpacesOfValuesAreKept() throws IOException {
        Path file = dir.resolve(Manifest.FILE_NAME);
        Files.writeString(file, Manifest.builder().put(Manifest.FINGERPRINT, "a").put(Manifest.GENERATION, 1)
                .put(Manifest.APP_PID, 9001).command(List.of("sh", "-c", "echo 'a '  ")).build().render());

        assertThat(Manifest.read(file).command()).containsExactly("sh", "-c", "echo 'a '  ");
    }
}
