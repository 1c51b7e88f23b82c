package io.crik.webhook.node;

/** Finds whether a node is going away, without a call to the Kubernetes API. */
public interface NodeStateLookup {

  NodeStateAnswer lookup(String node);
}
