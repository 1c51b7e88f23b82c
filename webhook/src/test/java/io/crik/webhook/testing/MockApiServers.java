package io.crik.webhook.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;

/** fabric8 mock API servers for tests that start the whole webhook application. */
public final class MockApiServers {

  private MockApiServers() {}

  /** Starts a mock API server in CRUD mode on a random loopback port, over plain HTTP. */
  public static KubernetesMockServer startCrud() {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    return server;
  }
}
