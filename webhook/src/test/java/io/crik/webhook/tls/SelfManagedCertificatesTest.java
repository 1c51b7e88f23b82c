package io.crik.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.crik.certs.Pem;
import io.crik.certs.RenewalPolicy;
import io.crik.certs.ServingCertificateRequest;
import io.crik.webhook.tls.CaBundlePublisher.Publication;
import io.crik.webhook.tls.SelfManagedCertificates.Result;
import io.crik.webhook.testing.MutableClock;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The self-managed mode against fabric8's KubernetesMockServer in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class SelfManagedCertificatesTest {

  private static final String NAMESPACE = "crik-system";
  private static final String SECRET = "crik-webhook-tls";
  private static final String CONFIGURATION = "crik-webhook";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration ROLLOVER = Duration.ofHours(1);

  static KubernetesClient client;

  private final MutableClock clock = new MutableClock(T0);

  @BeforeEach
  void createWebhookConfiguration() {
    client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(CONFIGURATION).delete();
    client.secrets().inNamespace(NAMESPACE).withName(SECRET).delete();
    client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(webhookConfiguration()).create();
  }

  private SelfManagedCertificates replica(TlsSecretStore store) {
    CertificateRotation rotation = new CertificateRotation(new CertificateRotation.Settings(
        ServingCertificateRequest.forService("crik-webhook", NAMESPACE), "crik-webhook-ca", Duration.ofDays(300),
        Duration.ofDays(30), new RenewalPolicy(1.0 / 3.0), ROLLOVER));
    return new SelfManagedCertificates(store, new CaBundlePublisher(client, CONFIGURATION), rotation, clock);
  }

  private SelfManagedCertificates replica() {
    return replica(new TlsSecretStore(client, NAMESPACE, SECRET));
  }

  @Nested
  @DisplayName("start-up")
  class StartUp {

    @Test
    void firstReplicaCreatesSecret() {
      Result result = replica().reconcile();

      Secret secret = storedSecret();
      assertThat(result.written()).isTrue();
      assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
      assertThat(TlsSecretCodec.decode(secret).serving().certificate())
          .isEqualTo(result.material().serving().certificate());
      assertThat(publishedBundles()).containsOnly(List.of(result.material().signingCa().certificate()));
      assertThat(result.publication()).isEqualTo(Publication.PATCHED);
    }

    @Test
    void laterReplicaLoadsSecret() {
      Result first = replica().reconcile();
      String version = storedSecret().getMetadata().getResourceVersion();

      Result second = replica().reconcile();

      assertThat(second.written()).isFalse();
      assertThat(second.material().serving().certificate()).isEqualTo(first.material().serving().certificate());
      assertThat(second.material().signingCa().privateKey().getEncoded())
          .isEqualTo(first.material().signingCa().privateKey().getEncoded());
      assertThat(second.publication()).isEqualTo(Publication.UNCHANGED);
      assertThat(storedSecret().getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void twoReplicasRacingAgree() throws Exception {
      CyclicBarrier start = new CyclicBarrier(2);
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        List<Future<Result>> results = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          SelfManagedCertificates replica = replica();
          results.add(threads.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            return replica.reconcile();
          }));
        }
        Result a = results.get(0).get(30, TimeUnit.SECONDS);
        Result b = results.get(1).get(30, TimeUnit.SECONDS);

        TlsMaterial stored = TlsSecretCodec.decode(storedSecret());
        assertThat(a.material().serving().certificate()).isEqualTo(stored.serving().certificate());
        assertThat(b.material().serving().certificate()).isEqualTo(stored.serving().certificate());
        assertThat(List.of(a.written(), b.written())).containsOnlyOnce(true);
        assertThat(publishedBundles()).containsOnly(List.of(stored.signingCa().certificate()));
      } finally {
        threads.shutdownNow();
      }
    }

    @Test
    void replicaLosingCreateAdoptsWinner() {
      SelfManagedCertificates winner = replica();
      TlsSecretStore store = new TlsSecretStore(client, NAMESPACE, SECRET) {
        private boolean raced;

        @Override
        Secret create(Secret desired) {
          if (!raced) {
            raced = true;
            winner.reconcile();
          }
          return super.create(desired);
        }
      };

      Result loser = replica(store).reconcile();

      TlsMaterial stored = TlsSecretCodec.decode(storedSecret());
      assertThat(loser.conflicts()).isEqualTo(1);
      assertThat(loser.written()).isFalse();
      assertThat(loser.material().serving().certificate()).isEqualTo(stored.serving().certificate());
    }

    @Test
    void invalidSecretIsReplaced() {
      client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(SECRET)
          .withNamespace(NAMESPACE).endMetadata().addToData("tls.crt", "bm90IGEgY2VydGlmaWNhdGU=").build()).create();

      Result result = replica().reconcile();

      assertThat(result.written()).isTrue();
      assertThat(TlsSecretCodec.decode(storedSecret()).serving().certificate())
          .isEqualTo(result.material().serving().certificate());
    }
  }

  @Nested
  @DisplayName("caBundle")
  class CaBundle {

    @Test
    void otherWebhookFieldsStay() {
      replica().reconcile();

      MutatingWebhookConfiguration configuration = storedConfiguration();
      assertThat(configuration.getWebhooks()).extracting(MutatingWebhook::getName)
          .containsExactly("namespace.webhook.crik.io", "pod.webhook.crik.io");
      assertThat(configuration.getWebhooks()).allSatisfy(webhook -> {
        assertThat(webhook.getClientConfig().getService().getName()).isEqualTo("crik-webhook");
        assertThat(webhook.getClientConfig().getService().getPort()).isEqualTo(443);
        assertThat(webhook.getReinvocationPolicy()).isEqualTo("IfNeeded");
      });
    }

    @Test
    void missingConfigurationIsReportedThenPatched() {
      client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(CONFIGURATION).delete();

      Result before = replica().reconcile();
      client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(webhookConfiguration()).create();
      Result after = replica().reconcile();

      assertThat(before.publication()).isEqualTo(Publication.MISSING);
      assertThat(after.publication()).isEqualTo(Publication.PATCHED);
      assertThat(publishedBundles()).containsOnly(List.of(after.material().signingCa().certificate()));
    }

    @Test
    void overwrittenBundleIsRestored() {
      replica().reconcile();
      MutatingWebhookConfiguration edited = storedConfiguration();
      edited.getWebhooks().get(1).getClientConfig().setCaBundle(null);
      client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(edited).update();

      Result result = replica().reconcile();

      assertThat(result.publication()).isEqualTo(Publication.PATCHED);
      assertThat(publishedBundles()).containsOnly(List.of(result.material().signingCa().certificate()));
    }
  }

  @Nested
  @DisplayName("rotation")
  class Rotation {

    @Test
    void servingRenewalKeepsBundle() {
      Result first = replica().reconcile();
      clock.advance(Duration.ofDays(21));

      Result renewed = replica().reconcile();

      assertThat(renewed.written()).isTrue();
      assertThat(renewed.material().serving().certificate()).isNotEqualTo(first.material().serving().certificate());
      assertThat(renewed.publication()).isEqualTo(Publication.UNCHANGED);
      assertThat(publishedBundles()).containsOnly(List.of(first.material().signingCa().certificate()));
    }

    @Test
    void caRotationPublishesBothCas() {
      Result first = replica().reconcile();
      X509Certificate oldCa = first.material().signingCa().certificate();
      clock.advance(Duration.ofDays(201));

      Result published = replica().reconcile();
      X509Certificate newCa = published.material().nextCa().certificate();
      List<List<X509Certificate>> bundleWhilePublished = publishedBundles();
      clock.advance(ROLLOVER);
      Result switched = replica().reconcile();

      assertThat(bundleWhilePublished).containsOnly(List.of(oldCa, newCa));
      assertThat(published.material().serving().certificate().getIssuerX500Principal())
          .isEqualTo(oldCa.getSubjectX500Principal());
      assertThat(CertificateRotation.signedBy(switched.material().serving().certificate(), newCa)).isTrue();
      assertThat(publishedBundles()).containsOnly(List.of(newCa, oldCa));
      assertThat(TlsSecretCodec.decode(storedSecret()).rotatingCa()).isFalse();
    }
  }

  private Secret storedSecret() {
    return client.secrets().inNamespace(NAMESPACE).withName(SECRET).get();
  }

  private MutatingWebhookConfiguration storedConfiguration() {
    return client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(CONFIGURATION).get();
  }

  /** Returns the CA certificates in each webhook's caBundle. */
  private List<List<X509Certificate>> publishedBundles() {
    return storedConfiguration().getWebhooks().stream()
        .map(webhook -> webhook.getClientConfig().getCaBundle())
        .map(caBundle -> caBundle == null ? List.<X509Certificate>of()
            : Pem.readCertificates(new String(Base64.getDecoder().decode(caBundle), StandardCharsets.US_ASCII)))
        .toList();
  }

  static MutatingWebhookConfiguration webhookConfiguration() {
    return new MutatingWebhookConfigurationBuilder()
        .withNewMetadata().withName(CONFIGURATION).endMetadata()
        .withWebhooks(webhook("namespace.webhook.crik.io"), webhook("pod.webhook.crik.io"))
        .build();
  }

  private static MutatingWebhook webhook(String name) {
    return new MutatingWebhookBuilder()
        .withName(name)
        .withAdmissionReviewVersions("v1")
        .withSideEffects("NoneOnDryRun")
        .withReinvocationPolicy("IfNeeded")
        .withNewClientConfig()
            .withNewService().withNamespace(NAMESPACE).withName("crik-webhook").withPath("/mutate").withPort(443)
            .endService()
        .endClientConfig()
        .build();
  }
}
