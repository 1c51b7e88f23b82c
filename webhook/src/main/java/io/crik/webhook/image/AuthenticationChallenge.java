package io.crik.webhook.image;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code WWW-Authenticate} header (RFC 7235) as registries send it, for example
 * {@code Bearer realm="https://auth.example/token",service="registry.example",scope="repository:app:pull"}.
 */
record AuthenticationChallenge(String scheme, Map<String, String> parameters) {

  static Optional<AuthenticationChallenge> parse(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String trimmed = header.trim();
    int space = trimmed.indexOf(' ');
    String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
    Map<String, String> parameters = new LinkedHashMap<>();
    if (space > 0) {
      parseParameters(trimmed.substring(space + 1), parameters);
    }
    return Optional.of(new AuthenticationChallenge(scheme, parameters));
  }

  boolean isBearer() {
    return scheme.equals("bearer");
  }

  boolean isBasic() {
    return scheme.equals("basic");
  }

  Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  private static void parseParameters(String text, Map<String, String> parameters) {
    int position = 0;
    while (position < text.length()) {
      while (position < text.length() && (text.charAt(position) == ',' || text.charAt(position) == ' ')) {
        position++;
      }
      int equals = text.indexOf('=', position);
      if (equals < 0) {
        return;
      }
      String name = text.substring(position, equals).trim().toLowerCase(Locale.ROOT);
      position = equals + 1;
      StringBuilder value = new StringBuilder();
      if (position < text.length() && text.charAt(position) == '"') {
        position++;
        while (position < text.length() && text.charAt(position) != '"') {
          if (text.charAt(position) == '\\' && position + 1 < text.length()) {
            position++;
          }
          value.append(text.charAt(position));
          position++;
        }
        position++;
      } else {
        while (position < text.length() && text.charAt(position) != ',') {
          value.append(text.charAt(position));
          position++;
        }
      }
      parameters.put(name, value.toString().trim());
    }
  }
}
