package io.crik.webhook.image;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** User name and password for a registry. {@link #toString()} never shows the password. */
public record RegistryCredentials(String username, String password) {

  /** Returns the value of an Authorization header for HTTP basic authentication. */
  public String basicAuthorization() {
    String pair = username + ":" + password;
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "RegistryCredentials[username=" + username + ", password=(hidden)]";
  }
}
