package io.crik.webhook.config;

import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Adds the plain-HTTP connector next to the HTTPS one, on the same {@code server.address}, and
 * refuses to start without TLS: the API server calls admission webhooks over HTTPS only.
 */
public final class PlainHttpConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

  private static final Logger log = LoggerFactory.getLogger(PlainHttpConnector.class);

  private final int port;
  private volatile Connector connector;

  public PlainHttpConnector(int port) {
    this.port = port;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    if (!Ssl.isEnabled(factory.getSsl())) {
      throw new InvalidConfigurationException("server.ssl.certificate",
          "TLS is not configured, but the admission endpoint is served over HTTPS only",
          "set server.ssl.certificate and server.ssl.certificate-private-key to PEM files (or server.ssl.bundle),"
              + " or set crik.webhook.tls.mode=self-managed in a cluster");
    }
    Connector plain = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
    plain.setPort(port);
    // Listen where the HTTPS connector listens: server.address set to a loopback address keeps
    // health, metrics and node state off the other interfaces too.
    if (factory.getAddress() != null) {
      plain.setProperty("address", factory.getAddress().getHostAddress());
    }
    plain.setScheme("http");
    plain.setSecure(false);
    factory.addAdditionalConnectors(plain);
    connector = plain;
  }

  /** Returns the port the connector listens on, which differs from the configured one when that is 0. */
  public int localPort() {
    Connector current = connector;
    if (current == null) {
      throw new IllegalStateException("the plain-HTTP connector has not been created yet");
    }
    return current.getLocalPort();
  }

  @Override
  public int getOrder() {
    // After Spring Boot's own customizers, which copy server.ssl into the factory.
    return Ordered.LOWEST_PRECEDENCE;
  }

  void logStarted() {
    log.info("Plain HTTP (health, metrics, node state) on port {}", localPort());
  }
}
