package io.crik.webhook.image;

import java.util.Optional;

/** Finds the credentials a pod may use for a registry host; called only when a registry is asked. */
@FunctionalInterface
public interface CredentialsSource {

  CredentialsSource NONE = registry -> Optional.empty();

  Optional<RegistryCredentials> forRegistry(String registry);
}
