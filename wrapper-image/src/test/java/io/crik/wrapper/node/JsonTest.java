package io.crik.wrapper.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void nodeStateResponse() {
        Object parsed = Json.parse("""
                {"node":"worker-1","goingAway":true,
                 "reasons":[{"type":"DisruptionTaint","message":"taint karpenter.sh/disrupted:NoSchedule",
                             "since":"2026-12-04T20:00:00Z"}],
                 "since":"2026-12-04T20:00:00Z"}
                """);

        assertThat(parsed).isInstanceOf(Map.class);
        Map<?, ?> object = (Map<?, ?>) parsed;
        assertThat(object.get("node")).isEqualTo("worker-1");
        assertThat(object.get("goingAway")).isEqualTo(Boolean.TRUE);
        assertThat(object.get("reasons")).isEqualTo(List.of(Map.of("type", "DisruptionTaint",
                "message", "taint karpenter.sh/disrupted:NoSchedule", "since", "2026-12-04T20:00:00Z")));
    }

    @Test
    void scalars() {
        assertThat(Json.parse("null")).isNull();
        assertThat(Json.parse(" false ")).isEqualTo(Boolean.FALSE);
        assertThat(Json.parse("-12.5e2")).isEqualTo(new BigDecimal("-12.5e2"));
        assertThat(Json.parse("0")).isEqualTo(BigDecimal.ZERO);
        assertThat(Json.parse("[]")).isEqualTo(List.of());
        assertThat(Json.parse("[1, null]")).isEqualTo(Arrays.asList(BigDecimal.ONE, null));
        assertThat(Json.parse("{}")).isEqualTo(Map.of());
    }

    @Test
    void escapes() {
        assertThat(Json.parse("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\u2603\"")).isEqualTo("a\"b\\c/d\n\té\u2603");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\"}", "{\"a\":1,}", "[1,]", "tru", "01", "1.", "-", "\"open",
        "\"bad \\x escape\"", "\"\\u12\"", "{} {}", "<html>", "{'a':1}", "\"tab\there\""})
    void invalidTextIsRejected(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid JSON at offset ");
    }

    @Test
    void deepNestingIsRejected() {
        String deep = "[".repeat(100) + "]".repeat(100);

        assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nested deeper than 32 levels");
    }
}
