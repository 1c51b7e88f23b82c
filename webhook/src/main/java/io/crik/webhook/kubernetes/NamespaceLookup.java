package io.crik.webhook.kubernetes;

import io.crik.webhook.mutation.NamespaceInfo;

/** Finds a namespace's labels without a call to the Kubernetes API. */
public interface NamespaceLookup {

  NamespaceInfo lookup(String namespace);

  /** Returns true when namespace labels can be known at all, that is, when a Kubernetes API is configured. */
  boolean available();
}
