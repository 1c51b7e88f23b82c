package io.crik.webhook.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Node state from a fabric8 informer on Nodes, which lists them once and then follows a watch,
 * so that a wrapper's question is answered from memory. Each add or update is evaluated when it
 * arrives, so that a signal without a timestamp of its own gets the time it was first seen.
 * Deleted nodes are kept as going away for the configured retention.
 */
public final class NodeStateCache implements NodeStateLookup, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(NodeStateCache.class);

  /** The only Node fields the evaluation reads; the informer's store keeps just these (and the key). */
  private static final String[] STORED_FIELDS = {
      "metadata.deletionTimestamp", "spec.taints", "spec.unschedulable", "status.conditions"};

  private record Deleted(NodeState state, Instant at) {}

  private final KubernetesClient client;
  private final NodeStateRules rules;
  private final Duration deletedRetention;
  private final Clock clock;
  private final Map<String, NodeState> states = new ConcurrentHashMap<>();
  private final Map<String, Deleted> deleted = new ConcurrentHashMap<>();
  private volatile SharedIndexInformer<Node> informer;
  /** Failed lists and watches so far, for the log. */
  private final AtomicInteger failures = new AtomicInteger();
  private volatile boolean stopped;

  public NodeStateCache(KubernetesClient client, NodeStateRules rules, Duration deletedRetention, Clock clock) {
    this.client = client;
    this.rules = rules;
    this.deletedRetention = deletedRetention;
    this.clock = clock;
  }

  @Override
  public NodeStateAnswer lookup(String node) {
    SharedIndexInformer<Node> current = informer;
    if (current == null || !current.hasSynced()) {
      return NodeStateAnswer.notSynced(node);
    }
    NodeState state = states.get(node);
    if (state != null) {
      return NodeStateAnswer.known(state);
    }
    // The informer notifies handlers after it updates its store. A Node can therefore be in the
    // store a moment before its state is, and is evaluated directly then.
    Node stored = current.getStore().getByKey(node);
    if (stored != null) {
      return NodeStateAnswer.known(NodeStateEvaluator.evaluate(stored, rules, null, clock.instant()));
    }
    Deleted deletedNode = deleted.get(node);
    if (deletedNode != null && !expired(deletedNode, clock.instant())) {
      return NodeStateAnswer.known(deletedNode.state());
    }
    return NodeStateAnswer.notFound(node);
  }

  public boolean synced() {
    SharedIndexInformer<Node> current = informer;
    return current != null && current.hasSynced();
  }

  /** Returns the number of Nodes in the cache. */
  public int size() {
    return states.size();
  }

  /** Returns the number of Nodes in the cache that are going away, deleted ones not counted. */
  public long goingAway() {
    return states.values().stream().filter(NodeState::goingAway).count();
  }

  @Override
  public void start() {
    log.info("Starting the node informer against {}; disruption taints {}, cordoned counts as going away: {}",
        client.getMasterUrl(), rules.disruptionTaints(), rules.cordonedIsGoingAway());
    SharedIndexInformer<Node> created = client.nodes().runnableInformer(0);
    created.itemStore(new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, Node.class,
        client.getKubernetesSerialization(), STORED_FIELDS));
    created.addEventHandler(new Handler());
    created.exceptionHandler(this::retryAfterFailure);
    informer = created;
    created.start().whenComplete((ignored, error) -> {
      if (error == null) {
        log.info("Node cache synced with {} nodes, {} going away", created.getStore().list().size(), goingAway());
      } else if (!stopped && !created.isRunning()) {
        log.error("The node informer stopped before it synced; node state stays unavailable and wrappers fall back to"
            + " CRIK_NODE_STATE_UNKNOWN until the webhook restarts", error);
      }
    });
  }

  /**
   * Decides whether the informer tries again after a failed list or watch. By default a fabric8
   * 8.0 informer gives up when its first list fails (403 Forbidden, for example), which would
   * leave node state unavailable until a restart. Here it keeps trying, with the informer's backoff, except when the response cannot
   * be read as Nodes at all.
   */
  private boolean retryAfterFailure(boolean started, Throwable error) {
    int failure = failures.incrementAndGet();
    if (ExceptionHandler.isDeserializationException(error)) {
      log.error("The node informer cannot read the API server's Node objects and stops", error);
      return false;
    }
    log.warn("The node informer's {} failed (failure {}): {}; retrying with backoff. If the error is 403 Forbidden, grant"
        + " the service account list and watch on nodes", started ? "watch" : "first list", failure, error.toString());
    return true;
  }

  @Override
  public void stop() {
    stopped = true;
    SharedIndexInformer<Node> current = informer;
    if (current != null) {
      current.stop();
    }
  }

  @Override
  public boolean isRunning() {
    SharedIndexInformer<Node> current = informer;
    return current != null && current.isRunning();
  }

  /** Records an added or updated Node. The informer delivers a handler's notifications one at a time. */
  private void updated(Node node) {
    String name = node.getMetadata().getName();
    NodeState previous = states.get(name);
    NodeState state = NodeStateEvaluator.evaluate(node, rules, previous, clock.instant());
    states.put(name, state);
    deleted.remove(name);
    logChange(previous, state);
  }

  /** Records a deleted Node; the entry for the retention goes in before the state goes out, so lookups never miss both. */
  private void removed(Node node) {
    String name = node.getMetadata().getName();
    Instant now = clock.instant();
    deleted.values().removeIf(entry -> expired(entry, now));
    if (deletedRetention.isZero() || deletedRetention.isNegative()) {
      states.remove(name);
      log.info("Node {} was deleted", name);
      return;
    }
    deleted.put(name, new Deleted(NodeStateEvaluator.deleted(name, states.get(name), now), now));
    states.remove(name);
    log.info("Node {} was deleted; it is reported as going away for {}", name, deletedRetention);
  }

  private boolean expired(Deleted entry, Instant now) {
    return !entry.at().plus(deletedRetention).isAfter(now);
  }

  private static void logChange(NodeState before, NodeState after) {
    boolean wasGoingAway = before != null && before.goingAway();
    boolean reasonsChanged = before == null || !before.reasons().equals(after.reasons());
    if (after.goingAway() && reasonsChanged) {
      log.info("Node {} is {}", after.node(), after.describe());
    } else if (wasGoingAway && !after.goingAway()) {
      log.info("Node {} is no longer going away", after.node());
    }
  }

  private final class Handler implements ResourceEventHandler<Node> {

    @Override
    public void onAdd(Node node) {
      updated(node);
    }

    @Override
    public void onUpdate(Node oldNode, Node newNode) {
      updated(newNode);
    }

    @Override
    public void onDelete(Node node, boolean deletedFinalStateUnknown) {
      removed(node);
    }
  }
}
