package io.crik.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VariableExpansionTest {

    private static final Map<String, String> DEFINED = Map.of(
            "A", "alpha",
            "B", "beta",
            "EMPTY", "",
            "REF", "$(A)");

    private static final Function<String, String> LOOKUP = VariableExpansion.keepingUnknown(DEFINED);

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            $(A)                     | alpha
            $(A)$(B)                 | alphabeta
            x-$(A)-y                 | x-alpha-y
            $(A)/$(A)                | alpha/alpha
            pre$(EMPTY)post          | prepost
            $(UNDEFINED)             | $(UNDEFINED)
            a$(UNDEFINED)b$(A)       | a$(UNDEFINED)balpha
            $$(A)                    | $(A)
            $$$(A)                   | $alpha
            $$$$(A)                  | $$(A)
            $$$$$(NOPE)              | $$$(NOPE)
            $$                       | $
            $$x                      | $x
            cost $5                  | cost $5
            $A                       | $A
            ${A}                     | ${A}
            $?_$!                    | $?_$!
            end$                     | end$
            $                        | $
            $(                       | $(
            $(A                      | $(A
            $(A)-$(B                 | alpha-$(B
            --$($($(--              | --$($($(--
            $(A$(B))                 | $(A$(B))
            $(A$(B)                  | $(A$(B)
            $(x$$y)                  | $(x$$y)
            $(REF)                   | $(A)
            \\$(A)                   | \\alpha
            ($(A))                   | (alpha)
            A)                       | A)
            """)
    void expandsLikeKubelet(String input, String expected) {
        assertThat(VariableExpansion.expand(input, LOOKUP)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] empty input")
    @CsvSource(value = "''", quoteCharacter = '\'')
    void emptyInputStaysEmpty(String input) {
        assertThat(VariableExpansion.expand(input, LOOKUP)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void firstContextWins() {
        Function<String, String> lookup = VariableExpansion.keepingUnknown(Map.of("X", "first"), Map.of("X", "second", "Y", "y"));

        assertThat(VariableExpansion.expand("$(X)$(Y)", lookup)).isEqualTo("firsty");
    }
}
