package io.crik.webhook.tls;

/** Where the HTTPS port's certificate comes from. */
public enum TlsMode {

  /**
   * Spring Boot's standard {@code server.ssl.*} properties: PEM files, a key store or a PEM SSL
   * bundle with reload. A local run and the chart's cert-manager and existing-Secret modes use it.
   */
  SERVER_SSL,

  /**
   * The webhook keeps its own CA and serving certificate in a Secret in its namespace, publishes
   * the CA in its MutatingWebhookConfiguration and renews both before they expire.
   */
  SELF_MANAGED
}
