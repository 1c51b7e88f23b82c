package io.crik.webhook.testing;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The HTTPS port served from a Spring Boot PEM SSL bundle named {@code webhook} that reloads its
 * files, as the chart configures it for cert-manager and existing Secrets.
 */
public final class ReloadingPemBundle {

  private ReloadingPemBundle() {}

  /** Registers the bundle on {@code certificate} and {@code key}, a short reload quiet period and no cluster. */
  public static void register(DynamicPropertyRegistry registry, Path certificate, Path key) {
    registry.add("spring.ssl.bundle.pem.webhook.keystore.certificate", () -> "file:" + certificate);
    registry.add("spring.ssl.bundle.pem.webhook.keystore.private-key", () -> "file:" + key);
    registry.add("spring.ssl.bundle.pem.webhook.reload-on-update", () -> "true");
    registry.add("spring.ssl.bundle.watch.file.quiet-period", () -> "200ms");
    registry.add("server.ssl.bundle", () -> "webhook");
    registry.add("crik.webhook.plain-port", () -> "0");
    registry.add("crik.webhook.kubernetes.enabled", () -> "false");
  }

  /** Returns the serial number of the certificate that the HTTPS port serves, trusting only {@code ca}. */
  public static BigInteger servedSerial(int httpsPort, X509Certificate ca) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(TestCertificates.sslContextTrusting(ca)).build();
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
        URI.create("https://localhost:" + httpsPort + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
    X509Certificate served = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    return served.getSerialNumber();
  }
}
