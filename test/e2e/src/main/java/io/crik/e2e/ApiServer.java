package io.crik.e2e;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

/**
 * The Kubernetes API server of the scenarios: fabric8's KubernetesMockServer in CRUD mode on
 * 127.0.0.1, holding the namespaces with their labels and the local nodes as Node objects. The
 * webhook reaches it through a kubeconfig file.
 */
final class ApiServer implements AutoCloseable {

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private ApiServer(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    static ApiServer start() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return new ApiServer(server);
    }

    KubernetesClient client() {
        return client;
    }

    /** Returns the base URL, such as {@code http://127.0.0.1:40123/}, with the address the server listens on. */
    String url() {
        return "http://127.0.0.1:" + server.getPort() + "/";
    }

    /** Writes a kubeconfig that points at this server, for a client in another process. */
    Path writeKubeconfig(Path file) {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: local
                  cluster:
                    server: %s
                users:
                - name: crik-webhook
                  user:
                    token: local-test-token
                contexts:
                - name: local
                  context:
                    cluster: local
                    user: crik-webhook
                current-context: local
                """.formatted(url());
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kubeconfig " + file, e);
        }
    }

    /** Creates the object, or replaces it when it exists, as {@code kubectl apply} would. */
    <T extends HasMetadata> T apply(T object) {
        return client.resource(object).createOr(NonDeletingOperation::update);
    }

    /** Creates or updates a Node with its status, as the kubelet reports it. */
    Node updateNode(Node node) {
        Node stored = client.nodes().withName(node.getMetadata().getName()).get();
        if (stored == null) {
            return client.nodes().resource(node).create();
        }
        stored.setStatus(node.getStatus());
        return client.nodes().resource(stored).updateStatus();
    }

    Node node(String name) {
        return client.nodes().withName(name).get();
    }

    /** Returns the Events in a namespace, oldest first as the server stored them. */
    List<Event> events(String namespace) {
        return client.v1().events().inNamespace(namespace).list().getItems();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
