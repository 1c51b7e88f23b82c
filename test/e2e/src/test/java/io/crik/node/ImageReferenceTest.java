package io.crik.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            busybox                                   | docker.io/library/busybox:latest
            busybox:1.36                              | docker.io/library/busybox:1.36
            library/busybox                           | docker.io/library/busybox:latest
            docker.io/library/busybox:latest          | docker.io/library/busybox:latest
            someone/app:2                             | docker.io/someone/app:2
            ghcr.io/crik/wrapper:0.1.0                | ghcr.io/crik/wrapper:0.1.0
            localhost/app                             | localhost/app:latest
            registry.local:5000/team/app              | registry.local:5000/team/app:latest
            registry.local:5000/team/app:v1           | registry.local:5000/team/app:v1
            app@sha256:0123abcd                       | docker.io/library/app@sha256:0123abcd
            app:1@sha256:0123abcd                     | docker.io/library/app:1@sha256:0123abcd
            """)
    void normalizesLikeContainerRuntime(String reference, String expected) {
        assertThat(ImageReference.normalize(reference)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "bad name", "Busybox", "docker.io/Team/app"})
    void invalidReferenceRejected(String reference) {
        assertThatThrownBy(() -> ImageReference.normalize(reference))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid image reference");
    }
}
