package io.crik.webhook.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Reads and writes the self-managed TLS Secret. Writes are conditional: {@link #create} fails with
 * HTTP 409 when the Secret exists, and {@link #replace} fails with HTTP 409 when the Secret changed
 * since it was read, so that replicas starting or renewing at the same time never overwrite each
 * other.
 */
class TlsSecretStore {

  static final int CONFLICT = 409;

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  TlsSecretStore(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  /** Returns the Secret, or null when it does not exist. */
  Secret read() {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  Secret create(Secret desired) {
    return client.secrets().inNamespace(namespace).resource(desired).create();
  }

  /** Replaces the Secret if its resourceVersion is still {@code readVersion}. */
  Secret replace(Secret desired, String readVersion) {
    Secret versioned = new SecretBuilder(desired).editMetadata().withResourceVersion(readVersion).endMetadata().build();
    return client.secrets().inNamespace(namespace).resource(versioned).update();
  }

  String namespace() {
    return namespace;
  }

  String name() {
    return name;
  }

  String describe() {
    return namespace + "/" + name;
  }

  static boolean isConflict(KubernetesClientException e) {
    return e.getCode() == CONFLICT;
  }
}
