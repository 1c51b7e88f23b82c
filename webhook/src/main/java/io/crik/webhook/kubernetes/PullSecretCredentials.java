package io.crik.webhook.kubernetes;

import io.crik.webhook.image.CredentialsSource;
import io.crik.webhook.image.DockerConfig;
import io.crik.webhook.image.RegistryCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a pod's image pull secrets to find registry credentials. Secrets are read only when a
 * registry must be asked, that is, on a cache miss, and their content is never logged.
 */
public final class PullSecretCredentials {

  private static final Logger log = LoggerFactory.getLogger(PullSecretCredentials.class);
  private static final List<String> KEYS = List.of(".dockerconfigjson", ".dockercfg");

  private final KubernetesClient client;

  public PullSecretCredentials(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Returns a source that reads the named secrets of the namespace in order when first asked. Its
   * cache scope is the namespace and the secret names, so a private image's config read with
   * them serves only pods that name the same secrets in the same namespace.
   */
  public CredentialsSource forPod(String namespace, List<String> secretNames) {
    if (secretNames.isEmpty()) {
      return CredentialsSource.NONE;
    }
    String scope = "pull-secrets " + namespace + "/" + String.join(",", secretNames);
    return new CredentialsSource() {
      @Override
      public Optional<RegistryCredentials> forRegistry(String registry) {
        for (String name : secretNames) {
          Optional<RegistryCredentials> found = read(namespace, name).flatMap(config -> config.forRegistry(registry));
          if (found.isPresent()) {
            return found;
          }
        }
        return Optional.empty();
      }

      @Override
      public String cacheScope() {
        return scope;
      }
    };
  }

  private Optional<DockerConfig> read(String namespace, String name) {
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      log.warn("Reading image pull secret {}/{} failed ({}); continuing without it; check the webhook's RBAC for "
          + "get on secrets", namespace, name, e.getCode());
      return Optional.empty();
    }
    if (secret == null) {
      log.warn("Image pull secret {}/{} does not exist; continuing without it", namespace, name);
      return Optional.empty();
    }
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    for (String key : KEYS) {
      String encoded = data.get(key);
      if (encoded == null) {
        continue;
      }
      String content;
      try {
        content = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        log.warn("Image pull secret {}/{} has a {} that is not base64; continuing without it", namespace, name, key);
        return Optional.empty();
      }
      try {
        return Optional.of(DockerConfig.parse(content));
      } catch (IllegalArgumentException e) {
        log.warn("Image pull secret {}/{} has an invalid {}: {}", namespace, name, key, e.getMessage());
        return Optional.empty();
      }
    }
    log.warn("Image pull secret {}/{} has neither .dockerconfigjson nor .dockercfg; continuing without it", namespace, name);
    return Optional.empty();
  }
}
