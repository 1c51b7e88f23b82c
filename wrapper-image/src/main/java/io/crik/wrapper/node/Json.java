package io.crik.wrapper.node;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader (RFC 8259) for the node-state service's responses. The Java
 * runtime in the bundle has no JSON library, and a response is a few hundred bytes. Objects
 * become {@code Map<String, Object>}, arrays {@code List<Object>}, numbers {@link BigDecimal},
 * and {@code null} becomes Java's null.
 */
final class Json {

    /** Deepest nesting accepted, so that a hostile body cannot exhaust the stack. */
    private static final int MAX_DEPTH = 32;

    private final String text;
    private int position;

    private Json(String text) {
        this.text = text;
    }

    /** Parses one JSON value that spans the whole text; throws IllegalArgumentException for invalid JSON. */
    static Object parse(String text) {
        Json reader = new Json(text);
        reader.skipWhitespace();
        Object value = reader.value(0);
        reader.skipWhitespace();
        if (reader.position != text.length()) {
            throw reader.invalid("unexpected text after the value");
        }
        return value;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw invalid("nested deeper than " + MAX_DEPTH + " levels");
        }
        if (position >= text.length()) {
            throw invalid("unexpected end of input");
        }
        char c = text.charAt(position);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw invalid("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> members = new LinkedHashMap<>();
        position++;
        skipWhitespace();
        if (peek('}')) {
            position++;
            return members;
        }
        while (true) {
            skipWhitespace();
            if (!peek('"')) {
                throw invalid("expected a member name");
            }
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            members.put(name, value(depth + 1));
            skipWhitespace();
            if (peek(',')) {
                position++;
            } else {
                expect('}');
                return members;
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> elements = new ArrayList<>();
        position++;
        skipWhitespace();
        if (peek(']')) {
            position++;
            return elements;
        }
        while (true) {
            skipWhitespace();
            elements.add(value(depth + 1));
            skipWhitespace();
            if (peek(',')) {
                position++;
            } else {
                expect(']');
                return elements;
            }
        }
    }

    private String string() {
        StringBuilder result = new StringBuilder();
        position++;
        while (true) {
            if (position >= text.length()) {
                throw invalid("unterminated string");
            }
            char c = text.charAt(position++);
            if (c == '"') {
                return result.toString();
            }
            if (c < 0x20) {
                throw invalid("control character in a string");
            }
            if (c != '\\') {
                result.append(c);
                continue;
            }
            if (position >= text.length()) {
                throw invalid("unterminated escape");
            }
            char escaped = text.charAt(position++);
            switch (escaped) {
                case '"', '\\', '/' -> result.append(escaped);
                case 'b' -> result.append('\b');
                case 'f' -> result.append('\f');
                case 'n' -> result.append('\n');
                case 'r' -> result.append('\r');
                case 't' -> result.append('\t');
                case 'u' -> result.append(unicodeEscape());
                default -> throw invalid("invalid escape '\\" + escaped + "'");
            }
        }
    }

    private char unicodeEscape() {
        if (position + 4 > text.length()) {
            throw invalid("short \\u escape");
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(position++), 16);
            if (digit < 0) {
                throw invalid("invalid \\u escape");
            }
            code = code * 16 + digit;
        }
        return (char) code;
    }

    private BigDecimal number() {
        int start = position;
        if (peek('-')) {
            position++;
        }
        if (peek('0')) {
            position++;
        } else {
            digits();
        }
        if (peek('.')) {
            position++;
            digits();
        }
        if (peek('e') || peek('E')) {
            position++;
            if (peek('+') || peek('-')) {
                position++;
            }
            digits();
        }
        return new BigDecimal(text.substring(start, position));
    }

    private void digits() {
        int start = position;
        while (position < text.length() && text.charAt(position) >= '0' && text.charAt(position) <= '9') {
            position++;
        }
        if (position == start) {
            throw invalid("expected a digit");
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, position)) {
            throw invalid("expected " + word);
        }
        position += word.length();
        return value;
    }

    private void skipWhitespace() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            position++;
        }
    }

    private boolean peek(char expected) {
        return position < text.length() && text.charAt(position) == expected;
    }

    private void expect(char expected) {
        if (!peek(expected)) {
            throw invalid("expected '" + expected + "'");
        }
        position++;
    }

    private IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException("invalid JSON at offset " + position + ": " + problem);
    }
}
