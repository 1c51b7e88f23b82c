package io.crik.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageUserTest {

    private static final List<String> PASSWD = List.of(
            "root:x:0:0:root:/root:/bin/sh",
            "redis:x:100:101::/var/lib/redis:/usr/sbin/nologin",
            "app:x:1000:1000::/home/app:/bin/sh");
    private static final List<String> GROUP = List.of("root:x:0:", "redis:x:101:", "staff:x:50:");

    private static EffectiveSecurity security(Long runAsUser, Long runAsGroup, boolean runAsNonRoot) {
        return new EffectiveSecurity(runAsUser, runAsGroup, runAsNonRoot, List.of(), List.of(),
                EffectiveSecurity.Seccomp.UNCONFINED, false, true);
    }

    private static ImageUser.Ids resolve(EffectiveSecurity security, String imageUser) {
        return ImageUser.resolve("c", security, imageUser, PASSWD, GROUP);
    }

    @Test
    void rootByDefault() {
        assertThat(resolve(security(null, null, false), "")).isEqualTo(new ImageUser.Ids(0, 0));
    }

    @Test
    void imageUserByName() {
        assertThat(resolve(security(null, null, false), "redis")).isEqualTo(new ImageUser.Ids(100, 101));
    }

    @Test
    void imageUserAndGroupByName() {
        assertThat(resolve(security(null, null, false), "redis:staff")).isEqualTo(new ImageUser.Ids(100, 50));
    }

    @Test
    void imageUserNumericWithoutEntry() {
        assertThat(resolve(security(null, null, false), "4242")).isEqualTo(new ImageUser.Ids(4242, 0));
    }

    @Test
    void imageUserNumericPair() {
        assertThat(resolve(security(null, null, false), "7:8")).isEqualTo(new ImageUser.Ids(7, 8));
    }

    @Test
    void runAsUserOverridesImageUser() {
        assertThat(resolve(security(1000L, null, false), "redis")).isEqualTo(new ImageUser.Ids(1000, 1000));
    }

    @Test
    void runAsGroupOverridesPrimaryGroup() {
        assertThat(resolve(security(100L, 3000L, false), "")).isEqualTo(new ImageUser.Ids(100, 3000));
        assertThat(resolve(security(null, 3000L, false), "redis")).isEqualTo(new ImageUser.Ids(100, 3000));
    }

    @Test
    void groupWithoutUserRejected() {
        assertThatThrownBy(() -> resolve(security(null, 3000L, false), ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runAsGroup without a user");
    }

    @Test
    void unknownImageUserRejected() {
        assertThatThrownBy(() -> resolve(security(null, null, false), "nobody-here"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nobody-here");
    }

    @Test
    void nonRootChecks() {
        assertThat(resolve(security(1000L, null, true), "")).isEqualTo(new ImageUser.Ids(1000, 1000));
        assertThat(resolve(security(null, null, true), "1000")).isEqualTo(new ImageUser.Ids(1000, 1000));

        assertThatThrownBy(() -> resolve(security(0L, null, true), "1000"))
                .hasMessageContaining("runAsUser breaks non-root policy");
        assertThatThrownBy(() -> resolve(security(null, null, true), ""))
                .hasMessageContaining("image will run as root");
        assertThatThrownBy(() -> resolve(security(null, null, true), "0:0"))
                .hasMessageContaining("image will run as root");
        assertThatThrownBy(() -> resolve(security(null, null, true), "redis"))
                .hasMessageContaining("non-numeric user (redis)");
    }
}
