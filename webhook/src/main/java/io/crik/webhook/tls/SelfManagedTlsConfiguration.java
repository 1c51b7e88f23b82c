package io.crik.webhook.tls;

import io.crik.certs.RenewalPolicy;
import io.crik.certs.ServingCertificateRequest;
import io.crik.webhook.config.InvalidConfigurationException;
import io.crik.webhook.config.WebhookProperties;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** Wires the self-managed TLS mode; active when {@code crik.webhook.tls.mode} is self-managed. */
@Configuration(proxyBeanMethods = false)
@Conditional(SelfManagedTlsCondition.class)
public class SelfManagedTlsConfiguration {

  static final String CA_COMMON_NAME = "crik-webhook-ca";

  @Bean
  SelfManagedCertificates selfManagedCertificates(TlsProperties tls, WebhookProperties webhook,
      ObjectProvider<KubernetesClient> client, Clock clock) {
    KubernetesClient available = client.getIfAvailable();
    if (available == null) {
      throw new InvalidConfigurationException("crik.webhook.tls.mode", "crik.webhook.tls.mode is self-managed, which"
          + " keeps the certificate in a Secret, but no Kubernetes API is configured", "run in a cluster, or set"
          + " crik.webhook.tls.mode=server-ssl and give PEM files through server.ssl.certificate and"
          + " server.ssl.certificate-private-key");
    }
    TlsProperties.SelfManaged settings = tls.getSelfManaged();
    ServingCertificateRequest request = ServingCertificateRequest
        .forService(settings.getServiceName(), webhook.getOwnNamespace(), settings.getClusterDomain())
        .withDnsNames(settings.getExtraDnsNames().toArray(String[]::new));
    CertificateRotation rotation = new CertificateRotation(new CertificateRotation.Settings(request, CA_COMMON_NAME,
        settings.getCaValidity(), settings.getCertificateValidity(),
        renewalPolicy(settings.getRenewWhenRemaining()), settings.getCaRolloverDelay()));
    return new SelfManagedCertificates(
        new TlsSecretStore(available, webhook.getOwnNamespace(), settings.getSecretName()),
        new CaBundlePublisher(available, settings.getWebhookConfigurationName()),
        rotation, clock);
  }

  private static RenewalPolicy renewalPolicy(double renewWhenRemaining) {
    try {
      return new RenewalPolicy(renewWhenRemaining);
    } catch (IllegalArgumentException e) {
      String property = "crik.webhook.tls.self-managed.renew-when-remaining";
      throw new InvalidConfigurationException(property, property + "=" + renewWhenRemaining + " is invalid",
          "set a share of the lifetime between 0 and 1 (exclusive); 0.3333 renews with a third of it left", e);
    }
  }

  @Bean
  ServingCertificateRenewer servingCertificateRenewer(SelfManagedCertificates certificates, TlsProperties tls) {
    return new ServingCertificateRenewer(certificates, tls.getSelfManaged().getCheckInterval());
  }

  @Bean
  SelfManagedServerSsl selfManagedServerSsl() {
    return new SelfManagedServerSsl();
  }

  @Bean
  SelfManagedTlsHealthIndicator selfManagedTlsHealthIndicator(ServingCertificateRenewer renewer, Clock clock) {
    return new SelfManagedTlsHealthIndicator(renewer, clock);
  }
}
