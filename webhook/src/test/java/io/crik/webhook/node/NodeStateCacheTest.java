package io.crik.webhook.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The node cache against fabric8's KubernetesMockServer in CRUD mode: Nodes are created, updated
 * and deleted through the API, and the cache's lookups follow through its informer.
 */
class NodeStateCacheTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final FailingNodeListDispatcher dispatcher = new FailingNodeListDispatcher();
  private KubernetesMockServer apiServer;
  private KubernetesClient client;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T20:00:00Z"));
  private final List<NodeStateCache> caches = new ArrayList<>();

  @BeforeEach
  void startApiServer() {
    apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    apiServer.init(InetAddress.getLoopbackAddress(), 0);
    client = apiServer.createClient();
  }

  @AfterEach
  void stopApiServer() {
    caches.forEach(NodeStateCache::stop);
    client.close();
    apiServer.destroy();
  }

  private NodeStateCache startCache(NodeStateRules rules, Duration deletedRetention) {
    NodeStateCache cache = new NodeStateCache(client, rules, deletedRetention, clock);
    caches.add(cache);
    cache.start();
    await().atMost(WAIT).until(cache::synced);
    return cache;
  }

  private NodeStateCache startCache() {
    return startCache(new NodeStateProperties().rules(), Duration.ofMinutes(10));
  }

  private void createReadyNode(String name) {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().endSpec()
        .withNewStatus().addToConditions(new NodeConditionBuilder().withType("Ready").withStatus("True")
            .withReason("KubeletReady").withMessage("kubelet is posting ready status")
            .withLastTransitionTime("2026-12-04T08:00:00Z").build()).endStatus()
        .build()).create();
  }

  private void editNode(String name, UnaryOperator<NodeBuilder> change) {
    client.nodes().withName(name).edit(node -> change.apply(new NodeBuilder(node)).build());
  }

  private static UnaryOperator<NodeBuilder> addTaint(String key) {
    return node -> node.editSpec().addToTaints(new TaintBuilder().withKey(key).withEffect("NoSchedule").build()).endSpec();
  }

  private static UnaryOperator<NodeBuilder> removeTaint(String key) {
    return node -> node.editSpec().removeMatchingFromTaints(taint -> key.equals(taint.getKey())).endSpec();
  }

  private static UnaryOperator<NodeBuilder> ready(String status, String message) {
    return node -> node.editStatus().withConditions(new NodeConditionBuilder().withType("Ready").withStatus(status)
        .withReason(status.equals("True") ? "KubeletReady" : "KubeletNotReady").withMessage(message)
        .withLastTransitionTime("2026-12-04T19:59:00Z").build()).endStatus();
  }

  /** The taint that {@link #awaitAfterBarrier} adds; every rule set in these tests counts it. */
  private static final String BARRIER_TAINT = "karpenter.sh/disrupted";

  /**
   * Adds the barrier taint and waits until the cache reports it as the only reason. The informer
   * delivers updates in order, so the cache has then processed every earlier change, and a
   * reason that the earlier change must not produce would show up here.
   */
  private void awaitAfterBarrier(NodeStateCache cache, String node) {
    editNode(node, addTaint(BARRIER_TAINT));
    awaitReasons(cache, node, GoingAwayReason.DISRUPTION_TAINT);
  }

  /** Waits until the cache reports {@code node} with the given reason types; an empty list means not going away. */
  private static NodeState awaitReasons(NodeStateCache cache, String node, String... types) {
    await().atMost(WAIT).untilAsserted(() -> {
      NodeStateAnswer answer = cache.lookup(node);
      assertThat(answer.kind()).isEqualTo(NodeStateAnswer.Kind.KNOWN);
      assertThat(answer.state().reasons()).extracting(GoingAwayReason::type).containsExactly(types);
    });
    return cache.lookup(node).state();
  }

  @Test
  void readyNodeIsNotGoingAway() {
    createReadyNode("worker-1");
    NodeStateCache cache = startCache();

    NodeState state = awaitReasons(cache, "worker-1");

    assertThat(state.goingAway()).isFalse();
    assertThat(state.since()).isNull();
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.goingAway()).isZero();
  }

  @Test
  void unknownNodeIsNotFound() {
    createReadyNode("worker-1");
    NodeStateCache cache = startCache();

    NodeStateAnswer answer = cache.lookup("worker-404");

    assertThat(answer.kind()).isEqualTo(NodeStateAnswer.Kind.NOT_FOUND);
    assertThat(answer.message()).contains("\"worker-404\" not found");
  }

  @Test
  void cacheBeforeStartIsNotSynced() {
    createReadyNode("worker-1");
    NodeStateCache cache = new NodeStateCache(client, new NodeStateProperties().rules(), Duration.ofMinutes(10), clock);

    NodeStateAnswer answer = cache.lookup("worker-1");

    assertThat(answer.kind()).isEqualTo(NodeStateAnswer.Kind.NOT_SYNCED);
    assertThat(cache.synced()).isFalse();
  }

  @Test
  void shutdownConditionComesAndGoes() {
    createReadyNode("worker-1");
    NodeStateCache cache = startCache();
    awaitReasons(cache, "worker-1");

    editNode("worker-1", ready("False", "node is shutting down"));
    NodeState shuttingDown = awaitReasons(cache, "worker-1", GoingAwayReason.GRACEFUL_NODE_SHUTDOWN);
    editNode("worker-1", ready("True", "kubelet is posting ready status"));
    NodeState readyAgain = awaitReasons(cache, "worker-1");

    assertThat(shuttingDown.goingAway()).isTrue();
    assertThat(shuttingDown.since()).isEqualTo(Instant.parse("2026-12-04T19:59:00Z"));
    assertThat(readyAgain.goingAway()).isFalse();
  }

  @Test
  void otherNotReadyCauseIsNotGoingAway() {
    createReadyNode("worker-1");
    NodeStateCache cache = startCache();

    editNode("worker-1", ready("False", "container runtime network not ready"));

    awaitAfterBarrier(cache, "worker-1");
  }

  @Test
  void eachDefaultTaintMarksGoingAway() {
    createReadyNode("worker-1");
    NodeStateCache cache = startCache();

    for (String key : NodeStateProperties.DEFAULT_DISRUPTION_TAINTS) {
      editNode("worker-1", addTaint(key));
      NodeState tainted = awaitReasons(cache, "worker-1", GoingAwayReason.DISRUPTION_TAINT);
      assertThat(tainted.reasons().get(0).message()).as(key).isEqualTo("taint " + key + ":NoSchedule");
      assertThat(cache.goingAway()).as(key).isEqualTo(1);

      editNode("worker-1", removeTaint(key));
      awaitReasons(cache, "worker-1");
    }
  }

  @Test
  void taintKeepsTimeFirstSeenAcrossUpdates() {
    createReadyNode("worker-1");
    NodeStateCache cache = startCache();
    Instant tainted = clock.instant();

    editNode("worker-1", addTaint("karpenter.sh/disrupted"));
    awaitReasons(cache, "worker-1", GoingAwayReason.DISRUPTION_TAINT);
    clock.advance(Duration.ofMinutes(3));
    editNode("worker-1", addTaint("ToBeDeletedByClusterAutoscaler"));

    NodeState later = awaitReasons(cache, "worker-1", GoingAwayReason.DISRUPTION_TAINT,
        GoingAwayReason.DISRUPTION_TAINT);
    assertThat(later.reasons()).extracting(GoingAwayReason::since).containsExactly(tainted, tainted.plusSeconds(180));
    assertThat(later.since()).isEqualTo(tainted);
  }

  @Test
  void configuredExtraTaintMarksGoingAway() {
    createReadyNode("worker-1");
    NodeStateProperties properties = new NodeStateProperties();
    properties.setExtraDisruptionTaints(List.of("example.com/reclaim"));
    NodeStateCache cache = startCache(properties.rules(), Duration.ofMinutes(10));

    editNode("worker-1", addTaint("example.com/reclaim"));

    awaitReasons(cache, "worker-1", GoingAwayReason.DISRUPTION_TAINT);
  }

  @Test
  void cacheSyncsAfterFailedLists() {
    createReadyNode("worker-1");
    dispatcher.failNodeLists(true);
    NodeStateCache cache = new NodeStateCache(client, new NodeStateProperties().rules(), Duration.ofMinutes(10), clock);
    caches.add(cache);
    cache.start();
    await().atMost(WAIT).until(() -> dispatcher.failedNodeLists() >= 1);

    NodeStateAnswer whileFailing = cache.lookup("worker-1");
    dispatcher.failNodeLists(false);

    assertThat(whileFailing.kind()).isEqualTo(NodeStateAnswer.Kind.NOT_SYNCED);
    await().atMost(Duration.ofSeconds(30)).until(cache::synced);
    awaitReasons(cache, "worker-1");
  }

  @Nested
  @DisplayName("cordon")
  class Cordon {

    @Test
    void notCountedByDefault() {
      createReadyNode("worker-1");
      NodeStateCache cache = startCache();

      editNode("worker-1", node -> node.editSpec().withUnschedulable(true).endSpec());

      awaitAfterBarrier(cache, "worker-1");
    }

    @Test
    void countedWhenConfigured() {
      createReadyNode("worker-1");
      NodeStateCache cache = startCache(new NodeStateRules(Set.of(BARRIER_TAINT), true), Duration.ofMinutes(10));

      editNode("worker-1", node -> node.editSpec().withUnschedulable(true).endSpec());
      NodeState cordoned = awaitReasons(cache, "worker-1", GoingAwayReason.CORDONED);
      editNode("worker-1", node -> node.editSpec().withUnschedulable(false).endSpec());
      NodeState uncordoned = awaitReasons(cache, "worker-1");

      assertThat(cordoned.reasons().get(0).message()).isEqualTo("spec.unschedulable is true");
      assertThat(cordoned.since()).isEqualTo(clock.instant());
      assertThat(uncordoned.goingAway()).isFalse();
    }

    @Test
    void twoCachesDisagreeOnlyByRule() {
      createReadyNode("worker-1");
      NodeStateCache counting = startCache(new NodeStateRules(Set.of(BARRIER_TAINT), true), Duration.ofMinutes(10));
      NodeStateCache ignoring = startCache(new NodeStateRules(Set.of(BARRIER_TAINT), false), Duration.ofMinutes(10));

      editNode("worker-1", node -> node.editSpec().withUnschedulable(true).endSpec());
      awaitReasons(counting, "worker-1", GoingAwayReason.CORDONED);
      editNode("worker-1", addTaint(BARRIER_TAINT));

      awaitReasons(counting, "worker-1", GoingAwayReason.CORDONED, GoingAwayReason.DISRUPTION_TAINT);
      awaitReasons(ignoring, "worker-1", GoingAwayReason.DISRUPTION_TAINT);
    }
  }

  @Nested
  @DisplayName("deleted node")
  class DeletedNode {

    @Test
    void staysGoingAwayForRetention() {
      createReadyNode("worker-1");
      NodeStateCache cache = startCache();
      awaitReasons(cache, "worker-1");

      client.nodes().withName("worker-1").delete();
      NodeState deleted = awaitReasons(cache, "worker-1", GoingAwayReason.NODE_DELETED);

      assertThat(deleted.goingAway()).isTrue();
      assertThat(deleted.since()).isEqualTo(clock.instant());
      assertThat(cache.size()).isZero();
    }

    @Test
    void isNotFoundAfterRetention() {
      createReadyNode("worker-1");
      NodeStateCache cache = startCache();
      awaitReasons(cache, "worker-1");

      client.nodes().withName("worker-1").delete();
      awaitReasons(cache, "worker-1", GoingAwayReason.NODE_DELETED);
      clock.advance(Duration.ofMinutes(10));

      assertThat(cache.lookup("worker-1").kind()).isEqualTo(NodeStateAnswer.Kind.NOT_FOUND);
    }

    @Test
    void isNotFoundWithoutRetention() {
      createReadyNode("worker-1");
      NodeStateCache cache = startCache(new NodeStateProperties().rules(), Duration.ZERO);
      awaitReasons(cache, "worker-1");

      client.nodes().withName("worker-1").delete();

      await().atMost(WAIT).untilAsserted(() ->
          assertThat(cache.lookup("worker-1").kind()).isEqualTo(NodeStateAnswer.Kind.NOT_FOUND));
    }

    @Test
    void recreatedNodeIsEvaluatedAfresh() {
      createReadyNode("worker-1");
      NodeStateCache cache = startCache();
      awaitReasons(cache, "worker-1");
      client.nodes().withName("worker-1").delete();
      awaitReasons(cache, "worker-1", GoingAwayReason.NODE_DELETED);

      createReadyNode("worker-1");

      awaitReasons(cache, "worker-1");
    }

    @Test
    void deletionWithFinalizerIsGoingAway() {
      client.nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-2")
          .withFinalizers("karpenter.sh/termination").endMetadata().withNewSpec().endSpec().build()).create();
      NodeStateCache cache = startCache();
      awaitReasons(cache, "worker-2");

      client.nodes().withName("worker-2").delete();

      NodeState deleting = awaitReasons(cache, "worker-2", GoingAwayReason.NODE_DELETING);
      assertThat(deleting.reasons().get(0).message()).startsWith("metadata.deletionTimestamp is ");
    }
  }

  /** The CRUD API server, which rejects Node lists with 403 Forbidden while the test switches that on, as without RBAC. */
  private static final class FailingNodeListDispatcher extends KubernetesCrudDispatcher {

    private volatile boolean failing;
    private final AtomicInteger failed = new AtomicInteger();

    void failNodeLists(boolean fail) {
      failing = fail;
    }

    int failedNodeLists() {
      return failed.get();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (failing && "GET".equals(request.getMethod()) && request.getPath().startsWith("/api/v1/nodes")) {
        failed.incrementAndGet();
        return new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json")
            .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
                + "\"code\":403,\"message\":\"nodes is forbidden: User cannot list resource nodes\"}");
      }
      return super.dispatch(request);
    }
  }

  /** A clock the test moves by hand, so that "first seen" times are exact values. */
  private static final class MutableClock extends Clock {

    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
