package io.crik.webhook.config;

import static io.crik.webhook.testing.TestPorts.RANDOM_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.crik.webhook.WebhookApplication;
import io.crik.webhook.testing.TestCertificates;
import java.net.InetAddress;
import java.util.Arrays;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The plain-HTTP connector listens on server.address like the HTTPS connector, and on every interface without it. */
class PlainConnectorAddressTest {

  private static final TestCertificates CERTIFICATES = TestCertificates.create();

  @Test
  void plainPortFollowsServerAddress() {
    try (ConfigurableApplicationContext context = start("server.address=127.0.0.1")) {
      assertThat(plainConnectorAddress(context)).isEqualTo(InetAddress.getLoopbackAddress());
    }
  }

  @Test
  void plainPortOnAllInterfacesByDefault() {
    try (ConfigurableApplicationContext context = start()) {
      assertThat(plainConnectorAddress(context)).isNull();
    }
  }

  private static ConfigurableApplicationContext start(String... extra) {
    String[] properties = {"crik.webhook.plain-port=0", "crik.webhook.kubernetes.enabled=false",
        "server.ssl.certificate=" + CERTIFICATES.certificateLocation(),
        "server.ssl.certificate-private-key=" + CERTIFICATES.privateKeyLocation()};
    String[] all = Arrays.copyOf(properties, properties.length + extra.length);
    System.arraycopy(extra, 0, all, properties.length, extra.length);
    return new SpringApplicationBuilder(WebhookApplication.class).properties(all).run(RANDOM_PORT);
  }

  private static InetAddress plainConnectorAddress(ConfigurableApplicationContext context) {
    TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) context).getWebServer();
    Connector plain = Arrays.stream(server.getTomcat().getService().findConnectors())
        .filter(connector -> !connector.getSecure())
        .findFirst().orElseThrow();
    return ((AbstractProtocol<?>) plain.getProtocolHandler()).getAddress();
  }
}
