package io.crik.webhook.tls;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStore;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;

/** Builds the Spring Boot SSL bundle that serves a {@link TlsMaterial}'s certificate, in memory. */
final class ServingSslBundles {

  private ServingSslBundles() {}

  static SslBundle of(TlsMaterial material) {
    PemSslStore keyStore = PemSslStore.of(material.serving().chain(), material.serving().privateKey());
    return SslBundle.of(new PemSslStoreBundle(keyStore, null));
  }
}
