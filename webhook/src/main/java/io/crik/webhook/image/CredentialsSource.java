package io.crik.webhook.image;

import java.util.Optional;

/** Finds the credentials a pod may use for a registry host; called only when a registry is asked. */
@FunctionalInterface
public interface CredentialsSource {

  CredentialsSource NONE = registry -> Optional.empty();

  Optional<RegistryCredentials> forRegistry(String registry);

  /**
   * Returns the scope in which an image config read with these credentials may be reused from the
   * cache: pods with the same scope may read the same private images. The default is this source
   * alone, so nothing read with its credentials serves another pod.
   */
  default String cacheScope() {
    return getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(this));
  }
}
