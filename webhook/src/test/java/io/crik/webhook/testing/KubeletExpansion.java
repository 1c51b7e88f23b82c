package io.crik.webhook.testing;

import java.util.List;
import java.util.Map;

/**
 * The kubelet's expansion of {@code $(VAR)} in command, args and env values: {@code $$} becomes
 * {@code $}, a reference to a defined variable becomes its value, and anything else stays as it is.
 */
public final class KubeletExpansion {

  private KubeletExpansion() {}

  public static List<String> expand(List<String> values, Map<String, String> env) {
    return values.stream().map(value -> expand(value, env)).toList();
  }

  public static String expand(String input, Map<String, String> env) {
    StringBuilder out = new StringBuilder();
    int cursor = 0;
    while (cursor < input.length()) {
      char c = input.charAt(cursor);
      if (c != '$' || cursor + 1 >= input.length()) {
        out.append(c);
        cursor++;
        continue;
      }
      char next = input.charAt(cursor + 1);
      if (next == '$') {
        out.append('$');
        cursor += 2;
      } else if (next == '(') {
        int close = input.indexOf(')', cursor + 2);
        if (close < 0) {
          out.append("$(");
          cursor += 2;
        } else {
          String name = input.substring(cursor + 2, close);
          out.append(env.containsKey(name) ? env.get(name) : "$(" + name + ")");
          cursor = close + 1;
        }
      } else {
        out.append('$').append(next);
        cursor += 2;
      }
    }
    return out.toString();
  }
}
