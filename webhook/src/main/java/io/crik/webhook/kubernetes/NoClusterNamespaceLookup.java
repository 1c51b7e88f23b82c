package io.crik.webhook.kubernetes;

import io.crik.webhook.mutation.NamespaceInfo;

/** The lookup of a webhook that runs without a Kubernetes API: no namespace is known. */
public final class NoClusterNamespaceLookup implements NamespaceLookup {

  @Override
  public NamespaceInfo lookup(String namespace) {
    return NamespaceInfo.unknown(namespace);
  }

  @Override
  public boolean available() {
    return false;
  }
}
