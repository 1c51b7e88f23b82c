package io.crik.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crik.certs.Pem;
import io.crik.webhook.testing.MockApiServers;
import io.crik.webhook.testing.MutableClock;
import io.crik.webhook.tls.CaBundlePublisher.Publication;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real HTTPS server in self-managed mode against fabric8's KubernetesMockServer in CRUD mode.
 * A client that trusts only the caBundle published in the MutatingWebhookConfiguration connects
 * before and after the serving certificate is renewed and after the CA is rotated.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "crik.webhook.tls.mode=self-managed",
    "crik.webhook.tls.self-managed.extra-dns-names=localhost",
    "crik.webhook.tls.self-managed.ca-validity=300d",
    "crik.webhook.tls.self-managed.certificate-validity=30d",
    "crik.webhook.tls.self-managed.ca-rollover-delay=1h",
    // Long enough that only the test's own checkNow() calls reconcile.
    "crik.webhook.tls.self-managed.check-interval=24h",
    "crik.webhook.plain-port=0",
    "spring.main.allow-bean-definition-overriding=true",
})
class SelfManagedTlsServerTest {

  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final MutableClock CLOCK = new MutableClock(T0);
  private static final KubernetesMockServer API_SERVER = startApiServer();

  private static KubernetesMockServer startApiServer() {
    KubernetesMockServer server = MockApiServers.startCrud();
    try (KubernetesClient client = server.createClient()) {
      client.admissionRegistration().v1().mutatingWebhookConfigurations()
          .resource(SelfManagedCertificatesTest.webhookConfiguration()).create();
    }
    return server;
  }

  @TestConfiguration
  static class MockApiServer {

    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient() {
      return API_SERVER.createClient();
    }

    @Bean
    @Primary
    Clock clock() {
      return CLOCK;
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("crik.webhook.own-namespace", () -> "crik-system");
  }

  @AfterAll
  static void stopApiServer() {
    API_SERVER.destroy();
  }

  @LocalServerPort
  private int httpsPort;

  @Autowired
  private KubernetesClient client;

  @Autowired
  private ServingCertificateRenewer renewer;

  @Test
  void clientTrustingPublishedBundleConnectsThroughRotation() throws Exception {
    List<X509Certificate> initialBundle = publishedBundle();
    X509Certificate firstCa = initialBundle.get(0);
    BigInteger firstSerial = servedCertificate(initialBundle).getSerialNumber();

    CLOCK.advance(Duration.ofDays(21));
    renewer.checkNow();
    X509Certificate renewed = servedCertificate(publishedBundle());

    CLOCK.advance(Duration.ofDays(180));
    renewer.checkNow();
    List<X509Certificate> rotatingBundle = publishedBundle();
    X509Certificate stillOldCa = servedCertificate(rotatingBundle);

    CLOCK.advance(Duration.ofHours(1));
    SelfManagedCertificates.Result switched = renewer.checkNow();
    X509Certificate fromNewCa = servedCertificate(publishedBundle());

    assertThat(initialBundle).hasSize(1);
    assertThat(renewed.getSerialNumber()).isNotEqualTo(firstSerial);
    assertThat(CertificateRotation.signedBy(renewed, firstCa)).isTrue();
    assertThat(rotatingBundle).hasSize(2).startsWith(firstCa);
    assertThat(CertificateRotation.signedBy(stillOldCa, firstCa)).isTrue();
    assertThat(CertificateRotation.signedBy(fromNewCa, rotatingBundle.get(1))).isTrue();
    assertThat(fromNewCa).isEqualTo(switched.material().serving().certificate());
    assertThat(switched.publication()).isEqualTo(Publication.PATCHED);
    // A client that read caBundle while the next CA was being published trusts the new certificate too.
    assertThat(servedCertificate(rotatingBundle)).isEqualTo(fromNewCa);
    assertThatThrownBy(() -> servedCertificate(initialBundle)).hasCauseInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void secretHoldsServedCertificate() throws Exception {
    TlsMaterial stored = TlsSecretCodec.decode(client.secrets().inNamespace("crik-system")
        .withName("crik-webhook-tls").get());

    assertThat(servedCertificate(publishedBundle())).isEqualTo(stored.serving().certificate());
  }

  /**
   * Sends an empty AdmissionReview over a new connection from a client that trusts only the given
   * CAs, and returns the server's certificate. The webhook returns 400 for the empty review, which
   * shows that the request reached {@code /mutate}. Health would not do here: Spring Boot's SSL
   * health check judges certificates by the real time, not by the test clock.
   */
  private X509Certificate servedCertificate(List<X509Certificate> trusted) throws Exception {
    HttpClient https = HttpClient.newBuilder().sslContext(trusting(trusted)).connectTimeout(Duration.ofSeconds(5))
        .build();
    HttpResponse<String> response = https.send(HttpRequest.newBuilder(
        URI.create("https://localhost:" + httpsPort + "/mutate")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
  }

  private List<X509Certificate> publishedBundle() {
    MutatingWebhookConfiguration configuration = client.admissionRegistration().v1().mutatingWebhookConfigurations()
        .withName("crik-webhook").get();
    String caBundle = configuration.getWebhooks().get(0).getClientConfig().getCaBundle();
    assertThat(configuration.getWebhooks().get(1).getClientConfig().getCaBundle()).isEqualTo(caBundle);
    return Pem.readCertificates(new String(Base64.getDecoder().decode(caBundle), StandardCharsets.US_ASCII));
  }

  /** Returns an SSL context that trusts only the anchors and validates at the test clock's instant. */
  private static SSLContext trusting(List<X509Certificate> anchors) throws Exception {
    KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
    trustStore.load(null, null);
    for (int i = 0; i < anchors.size(); i++) {
      trustStore.setCertificateEntry("ca-" + i, anchors.get(i));
    }
    PKIXBuilderParameters parameters = new PKIXBuilderParameters(trustStore, new X509CertSelector());
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(CLOCK.instant()));
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(new CertPathTrustManagerParameters(parameters));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
