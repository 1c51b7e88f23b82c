package io.crik.webhook.testing;

/** Arguments for tests that start the webhook application with SpringApplicationBuilder. */
public final class TestPorts {

  /**
   * A random HTTPS port, as a command-line argument, because application.yaml's server.port 8443
   * overrides the builder's default properties.
   */
  public static final String RANDOM_PORT = "--server.port=0";

  private TestPorts() {}
}
