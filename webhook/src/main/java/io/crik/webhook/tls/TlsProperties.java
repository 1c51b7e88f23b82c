package io.crik.webhook.tls;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * TLS configuration of the HTTPS port, under {@code crik.webhook.tls}; the README lists every
 * property. A duration without a unit is in seconds.
 */
@ConfigurationProperties("crik.webhook.tls")
public class TlsProperties {

  /** Where the certificate comes from; server-ssl keeps Spring Boot's server.ssl.* properties in charge. */
  private TlsMode mode = TlsMode.SERVER_SSL;

  private final SelfManaged selfManaged = new SelfManaged();

  public TlsMode getMode() {
    return mode;
  }

  public void setMode(TlsMode mode) {
    this.mode = mode;
  }

  public SelfManaged getSelfManaged() {
    return selfManaged;
  }

  /** Settings of the self-managed mode. */
  public static class SelfManaged {

    /** Secret in crik's own namespace that holds the CA, the serving certificate and the trust bundle. */
    private String secretName = "crik-webhook-tls";

    /** Service in front of the webhook; the serving certificate names it in all four DNS forms. */
    private String serviceName = "crik-webhook";

    /** Cluster DNS domain, the suffix of the longest Service name. */
    private String clusterDomain = "cluster.local";

    /** Further DNS names for the serving certificate. */
    private List<String> extraDnsNames = new ArrayList<>();

    /** MutatingWebhookConfiguration whose webhooks get the trust bundle as caBundle. */
    private String webhookConfigurationName = "crik-webhook";

    /** Lifetime of a generated CA. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration caValidity = Duration.ofDays(3650);

    /** Lifetime of a serving certificate. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration certificateValidity = Duration.ofDays(365);

    /** Share of a certificate's lifetime left at which it is renewed, between 0 and 1. */
    private double renewWhenRemaining = 1.0 / 3.0;

    /** Time between publishing a new CA in caBundle and serving a certificate that it signed. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration caRolloverDelay = Duration.ofHours(1);

    /** Interval between two reconciliations of the Secret and the caBundle. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration checkInterval = Duration.ofMinutes(10);

    public String getSecretName() {
      return secretName;
    }

    public void setSecretName(String secretName) {
      this.secretName = secretName;
    }

    public String getServiceName() {
      return serviceName;
    }

    public void setServiceName(String serviceName) {
      this.serviceName = serviceName;
    }

    public String getClusterDomain() {
      return clusterDomain;
    }

    public void setClusterDomain(String clusterDomain) {
      this.clusterDomain = clusterDomain;
    }

    public List<String> getExtraDnsNames() {
      return extraDnsNames;
    }

    public void setExtraDnsNames(List<String> extraDnsNames) {
      this.extraDnsNames = extraDnsNames;
    }

    public String getWebhookConfigurationName() {
      return webhookConfigurationName;
    }

    public void setWebhookConfigurationName(String webhookConfigurationName) {
      this.webhookConfigurationName = webhookConfigurationName;
    }

    public Duration getCaValidity() {
      return caValidity;
    }

    public void setCaValidity(Duration caValidity) {
      this.caValidity = caValidity;
    }

    public Duration getCertificateValidity() {
      return certificateValidity;
    }

    public void setCertificateValidity(Duration certificateValidity) {
      this.certificateValidity = certificateValidity;
    }

    public double getRenewWhenRemaining() {
      return renewWhenRemaining;
    }

    public void setRenewWhenRemaining(double renewWhenRemaining) {
      this.renewWhenRemaining = renewWhenRemaining;
    }

    public Duration getCaRolloverDelay() {
      return caRolloverDelay;
    }

    public void setCaRolloverDelay(Duration caRolloverDelay) {
      this.caRolloverDelay = caRolloverDelay;
    }

    public Duration getCheckInterval() {
      return checkInterval;
    }

    public void setCheckInterval(Duration checkInterval) {
      this.checkInterval = checkInterval;
    }
  }
}
