package io.crik.webhook.tls;

import io.crik.webhook.config.InvalidConfigurationException;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.util.StringUtils;

/**
 * Points the HTTPS connector at the self-managed SSL bundle. Other {@code server.ssl.*} settings,
 * such as protocols and ciphers, stay; a certificate, key store or bundle given there is an error,
 * because it would compete with the self-managed one.
 */
final class SelfManagedServerSsl implements WebServerFactoryCustomizer<AbstractConfigurableWebServerFactory>, Ordered {

  @Override
  public void customize(AbstractConfigurableWebServerFactory factory) {
    Ssl ssl = factory.getSsl();
    if (ssl == null) {
      ssl = new Ssl();
    } else if (StringUtils.hasText(ssl.getCertificate()) || StringUtils.hasText(ssl.getKeyStore())
        || StringUtils.hasText(ssl.getBundle())) {
      throw new InvalidConfigurationException("crik.webhook.tls.mode", "crik.webhook.tls.mode is self-managed, but "
          + "server.ssl also names a certificate, key store or bundle", "remove those properties, or set "
          + "crik.webhook.tls.mode=server-ssl to use them");
    }
    ssl.setEnabled(true);
    ssl.setBundle(ServingCertificateRenewer.BUNDLE_NAME);
    factory.setSsl(ssl);
  }

  @Override
  public int getOrder() {
    // After Spring Boot's customizer, which copies server.ssl into the factory, and before the
    // plain-HTTP connector, which rejects a factory without TLS.
    return Ordered.LOWEST_PRECEDENCE - 1;
  }
}
