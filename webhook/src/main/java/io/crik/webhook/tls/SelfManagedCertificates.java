package io.crik.webhook.tls;

import io.crik.webhook.tls.CaBundlePublisher.Publication;
import io.crik.webhook.tls.CertificateRotation.Plan;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads or creates the CA and serving certificate in the Secret, renews them when
 * {@link CertificateRotation} says so, and publishes the trust bundle as caBundle. Several
 * replicas may run this at once: each write is conditional, and a replica whose write conflicts
 * reads the Secret again and adopts what the other one stored.
 */
public final class SelfManagedCertificates {

  private static final Logger log = LoggerFactory.getLogger(SelfManagedCertificates.class);

  /** Conflicting writes tolerated in one reconciliation; each needs another replica's write in between. */
  static final int MAX_ATTEMPTS = 5;

  /** The material now in the Secret, whether this call wrote it, and what happened to caBundle. */
  public record Result(TlsMaterial material, boolean written, int conflicts, Publication publication) {}

  private final TlsSecretStore store;
  private final CaBundlePublisher publisher;
  private final CertificateRotation rotation;
  private final Clock clock;

  SelfManagedCertificates(TlsSecretStore store, CaBundlePublisher publisher, CertificateRotation rotation, Clock clock) {
    this.store = store;
    this.publisher = publisher;
    this.rotation = rotation;
    this.clock = clock;
  }

  /** Brings the Secret and caBundle up to date and returns the material to serve. */
  public Result reconcile() {
    int conflicts = 0;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Secret stored = store.read();
      TlsMaterial current = decodeOrNull(stored);
      Plan plan = rotation.plan(current, clock.instant());
      if (!plan.changed()) {
        return new Result(current, false, conflicts, publish(current));
      }

      try {
        write(stored, plan.material());
      } catch (KubernetesClientException e) {
        if (!TlsSecretStore.isConflict(e)) {
          throw e;
        }
        conflicts++;
        log.info("Secret {} was written by another replica first; reading it again", store.describe());
        continue;
      }
      log.info("Secret {}: {}", store.describe(), String.join("; ", plan.changes()));
      return new Result(plan.material(), true, conflicts, publish(plan.material()));
    }
    throw new IllegalStateException("Secret " + store.describe() + " changed under every one of " + MAX_ATTEMPTS
        + " writes; check whether something else keeps rewriting it");
  }

  private TlsMaterial decodeOrNull(Secret stored) {
    if (stored == null) {
      return null;
    }
    try {
      return TlsSecretCodec.decode(stored);
    } catch (InvalidTlsSecretException e) {
      log.warn("{}; replacing the Secret with a new CA and serving certificate", e.getMessage());
      return null;
    }
  }

  private void write(Secret stored, TlsMaterial material) {
    Secret desired = TlsSecretCodec.encode(store.namespace(), store.name(), material);
    if (stored == null) {
      store.create(desired);
    } else {
      store.replace(desired, stored.getMetadata().getResourceVersion());
    }
  }

  private Publication publish(TlsMaterial material) {
    Publication publication = publisher.publish(material.trustBundlePem());
    switch (publication) {
      case PATCHED -> log.info("Published {} CA certificates as caBundle of MutatingWebhookConfiguration {}",
          material.trustBundle().size(), publisher.configurationName());
      case MISSING -> log.warn("MutatingWebhookConfiguration {} was not found, so the API server cannot trust this "
          + "webhook yet; retrying. Check crik.webhook.tls.self-managed.webhook-configuration-name",
          publisher.configurationName());
      case UNCHANGED -> log.debug("caBundle of MutatingWebhookConfiguration {} is current",
          publisher.configurationName());
    }
    return publication;
  }
}
