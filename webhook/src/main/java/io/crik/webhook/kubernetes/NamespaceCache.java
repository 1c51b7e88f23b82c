package io.crik.webhook.kubernetes;

import io.crik.webhook.mutation.NamespaceInfo;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Namespace labels from a fabric8 informer, which lists the namespaces once and then follows a
 * watch, so that an admission reads memory instead of calling the API server. A namespace that is
 * not in the cache yet (the informer has not synced, or it was created a moment ago) is unknown.
 */
public final class NamespaceCache implements NamespaceLookup, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(NamespaceCache.class);

  private final KubernetesClient client;
  private volatile SharedIndexInformer<Namespace> informer;

  public NamespaceCache(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public NamespaceInfo lookup(String namespace) {
    SharedIndexInformer<Namespace> current = informer;
    if (current == null) {
      return NamespaceInfo.unknown(namespace);
    }
    Namespace found = current.getStore().getByKey(namespace);
    if (found == null) {
      return NamespaceInfo.unknown(namespace);
    }
    return NamespaceInfo.known(namespace, found.getMetadata().getLabels());
  }

  @Override
  public boolean available() {
    return true;
  }

  public boolean synced() {
    SharedIndexInformer<Namespace> current = informer;
    return current != null && current.hasSynced();
  }

  public int size() {
    SharedIndexInformer<Namespace> current = informer;
    return current == null ? 0 : current.getStore().list().size();
  }

  @Override
  public void start() {
    log.info("Starting the namespace informer against {}", client.getMasterUrl());
    // A fabric8 8.0 informer gives up for good when its first list fails, for example with 403
    // Forbidden, so the handler makes it retry with backoff. Until a list succeeds, every
    // namespace is unknown and readiness reports the cache as not synced.
    informer = client.namespaces().runnableInformer(0);
    informer.exceptionHandler((started, error) -> {
      log.warn("The namespace informer's {} failed: {}; retrying with backoff", started ? "watch" : "first list",
          error.toString());
      return !ExceptionHandler.isDeserializationException(error);
    });
    SharedIndexInformer<Namespace> current = informer;
    current.start().whenComplete((ignored, error) -> {
      if (error != null && !current.isRunning()) {
        log.error("The namespace informer failed to start; namespace-level opt-in stays unavailable", error);
      } else if (error == null) {
        log.info("Namespace cache synced with {} namespaces", size());
      }
    });
  }

  @Override
  public void stop() {
    SharedIndexInformer<Namespace> current = informer;
    if (current != null) {
      current.stop();
    }
  }

  @Override
  public boolean isRunning() {
    SharedIndexInformer<Namespace> current = informer;
    return current != null && current.isRunning();
  }
}
