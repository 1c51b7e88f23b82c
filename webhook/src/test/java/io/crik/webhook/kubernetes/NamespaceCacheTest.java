package io.crik.webhook.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The namespace cache against fabric8's KubernetesMockServer in CRUD mode. */
class NamespaceCacheTest {

  /** The CRUD API server, which rejects Namespace lists with 403 Forbidden until the test switches that off. */
  private static final class FailingNamespaceListDispatcher extends KubernetesCrudDispatcher {

    private volatile boolean failing = true;
    private final AtomicInteger failed = new AtomicInteger();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (failing && "GET".equals(request.getMethod()) && request.getPath().startsWith("/api/v1/namespaces?")) {
        failed.incrementAndGet();
        return new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json")
            .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
                + "\"code\":403,\"message\":\"namespaces is forbidden: User cannot list resource namespaces\"}");
      }
      return super.dispatch(request);
    }
  }

  private final FailingNamespaceListDispatcher dispatcher = new FailingNamespaceListDispatcher();
  private final KubernetesMockServer apiServer = new KubernetesMockServer(new Context(), new MockWebServer(),
      new HashMap<>(), dispatcher, false);
  private KubernetesClient client;
  private NamespaceCache cache;

  @AfterEach
  void stop() {
    if (cache != null) {
      cache.stop();
    }
    client.close();
    apiServer.destroy();
  }

  @Test
  void syncsAfterFailedFirstList() {
    apiServer.init(InetAddress.getLoopbackAddress(), 0);
    client = apiServer.createClient();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-a")
        .withLabels(Map.of("crik.io/enabled", "true")).endMetadata().build()).create();
    cache = new NamespaceCache(client);

    cache.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.failed.get() >= 1);
    boolean syncedWhileFailing = cache.synced();
    dispatcher.failing = false;

    assertThat(syncedWhileFailing).isFalse();
    await().atMost(Duration.ofSeconds(30)).until(cache::synced);
    assertThat(cache.lookup("team-a").labels()).containsEntry("crik.io/enabled", "true");
  }
}
