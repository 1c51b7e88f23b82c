package io.crik.webhook.image;

import java.util.List;

/**
 * The parts of an OCI image configuration that decide what a container runs.
 *
 * @param entrypoint the image's ENTRYPOINT, empty when unset
 * @param cmd the image's CMD, empty when unset
 * @param user the image's USER, empty when unset (the runtime then uses root)
 */
public record ImageConfig(List<String> entrypoint, List<String> cmd, String user) {

  public ImageConfig {
    entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
    cmd = cmd == null ? List.of() : List.copyOf(cmd);
    user = user == null ? "" : user;
  }

  public static ImageConfig of(List<String> entrypoint, List<String> cmd) {
    return new ImageConfig(entrypoint, cmd, "");
  }

  /**
   * Returns true unless the USER names root: empty, {@code root}, {@code 0}, or one of those
   * followed by {@code :group}.
   */
  public boolean runsAsNonRoot() {
    String userPart = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
    return !(userPart.isEmpty() || userPart.equals("root") || userPart.equals("0"));
  }
}
