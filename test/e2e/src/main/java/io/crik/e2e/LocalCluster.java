package io.crik.e2e;

import io.crik.node.ClaimStore;
import io.crik.node.ImageStore;
import io.crik.node.LocalNode;
import io.crik.node.NodeOptions;
import io.crik.node.PodDefaults;
import io.crik.node.RunningPod;
import io.crik.runc.HostCommand;
import io.crik.webhook.testing.FakeRegistry;
import io.crik.webhook.testing.TestCertificates;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster on this machine made of real parts: the webhook's jar over HTTPS, an API server
 * (fabric8's mock server in CRUD mode) with the namespaces and claims of
 * {@code examples/demo/setup.yaml}, a fake OCI registry, the workload images, and local nodes
 * that run pods with runc. Every node forwards {@link #NODE_STATE_PORT} on each pod's loopback
 * interface to the webhook's plain-HTTP port, as a Service would, so that wrappers reach the
 * node-state service. The scenarios play the controllers and the API server's admission step.
 */
public final class LocalCluster implements AutoCloseable {

    /** The port on each pod's loopback interface that leads to the node-state service. */
    public static final int NODE_STATE_PORT = 18080;

    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);
    private static final Duration NODE_STATE_TIMEOUT = Duration.ofSeconds(30);

    private final Path workDir;
    private final TestCertificates certificates;
    private final FakeRegistry registry;
    private final ApiServer api;
    private final Path kubeconfig;
    private final ImageStore images;
    private final ClaimStore claims;
    private final List<LocalNode> nodes = new ArrayList<>();
    private final List<Webhook> webhooks = new ArrayList<>();
    private Webhook webhook;

    private LocalCluster(Path workDir, TestCertificates certificates, FakeRegistry registry, ApiServer api,
            ImageStore images, ClaimStore claims) {
        this.workDir = workDir;
        this.certificates = certificates;
        this.registry = registry;
        this.api = api;
        this.kubeconfig = api.writeKubeconfig(workDir.resolve("kubeconfig"));
        this.images = images;
        this.claims = claims;
    }

    /** Starts the API server, the registry and the webhook, with every file under {@code workDir}. */
    public static LocalCluster start(Path workDir) {
        Path absolute = workDir.toAbsolutePath();
        FakeRegistry registry = new FakeRegistry();
        ApiServer api = null;
        try {
            api = ApiServer.start();
            ImageStore images = WorkloadImages.create(absolute.resolve("images"), registry);
            ClaimStore claims = new ClaimStore(absolute.resolve("claims"));
            LocalCluster cluster = new LocalCluster(absolute, TestCertificates.create(), registry, api, images, claims);
            cluster.applySetup();
            cluster.webhook = cluster.startWebhook("webhook", Map.of());
            return cluster;
        } catch (RuntimeException e) {
            if (api != null) {
                api.close();
            }
            registry.close();
            throw e;
        }
    }

    private void applySetup() {
        for (HasMetadata object : Examples.objects(Examples.SETUP)) {
            if (object instanceof Namespace namespace) {
                api.apply(namespace);
            } else if (object instanceof PersistentVolumeClaim claim) {
                api.apply(claim);
                claims.create(claim.getMetadata().getNamespace(), claim.getMetadata().getName());
            } else {
                throw new IllegalArgumentException(Examples.SETUP + " contains a " + object.getKind()
                        + ", but only namespaces and claims are set up");
            }
        }
    }

    /** Returns the webhook that admits the scenarios' pods and serves node state to their wrappers. */
    public Webhook webhook() {
        return webhook;
    }

    /**
     * Starts another webhook process with the same settings plus {@code overrides}, such as
     * another {@code crik.webhook.capabilities}. It is stopped with the cluster or when closed.
     */
    public Webhook startWebhook(String name, Map<String, String> overrides) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("crik.webhook.wrapper-image", WorkloadImages.WRAPPER);
        properties.put("crik.webhook.node-state-url", "http://127.0.0.1:" + NODE_STATE_PORT);
        properties.put("crik.webhook.registry.endpoints[0].registry", WorkloadImages.REGISTRY_HOST);
        properties.put("crik.webhook.registry.endpoints[0].url", registry.url());
        properties.putAll(overrides);
        WebhookProcess process = WebhookProcess.start(name, workDir, kubeconfig, certificates, properties);
        Webhook started = new Webhook(process, new AdmissionClient(process.mutateUrl(), certificates.trustingContext()));
        webhooks.add(started);
        return started;
    }

    public ImageStore images() {
        return images;
    }

    public ClaimStore claims() {
        return claims;
    }

    public Path workDir() {
        return workDir;
    }

    /**
     * Adds a node, registers it as a Ready Node in the API server, and waits until the webhook's
     * node-state service reports it.
     */
    public LocalNode addNode(String name) {
        NodeOptions options = NodeOptions.defaults().withPortForward(NODE_STATE_PORT, webhook.plainPort());
        LocalNode node = new LocalNode(name, images, claims, workDir.resolve("nodes").resolve(name), options);
        nodes.add(node);
        api.updateNode(node.asNode());
        webhook.nodeState().await(name, NodeStateClient.Report.NOT_GOING_AWAY, NODE_STATE_TIMEOUT);
        return node;
    }

    /** Admits the pod through the cluster's webhook and runs it on {@code node}. */
    public PodRun create(LocalNode node, Pod pod, String requestingUser) {
        return create(webhook, node, pod, requestingUser);
    }

    /**
     * Sends the pod CREATE through {@code admitting}, gives a pod with generateName its name as the
     * API server does after admission, and runs the stored pod on {@code node}.
     *
     * @throws IllegalStateException when the webhook denies the pod
     */
    public PodRun create(Webhook admitting, LocalNode node, Pod pod, String requestingUser) {
        Admission admission = admitting.admit(pod, requestingUser);
        if (!admission.allowed()) {
            throw new IllegalStateException("webhook " + admitting.name() + " denied pod "
                    + describe(pod) + ": " + admission.message());
        }
        Pod stored = new PodBuilder(admission.mutated()).build();
        if (stored.getMetadata().getName() == null || stored.getMetadata().getName().isEmpty()) {
            stored.getMetadata().setName(PodDefaults.generatedName(stored.getMetadata().getGenerateName()));
        }
        RunningPod running = node.run(stored);
        log.info("pod {}/{} admitted by {} with {} patch operations runs on node {}", running.namespace(),
                running.name(), admitting.name(), admission.patch().size(), node.name());
        return new PodRun(admission, running, node);
    }

    /**
     * Takes a node away as a spot node goes: the Node turns Ready=False with "node is shutting
     * down" in the API server, the webhook's node-state service reports it going away, and the
     * node shuts down gracefully, which runs every pod's preStop hook within its grace period.
     * Returns once every pod on the node has ended.
     */
    public void shutDown(LocalNode node) {
        node.markShuttingDown();
        api.updateNode(node.asNode());
        webhook.nodeState().await(node.name(), NodeStateClient.Report.GOING_AWAY, NODE_STATE_TIMEOUT);
        node.shutdown();
    }

    /** Returns the host directory of a claim, shared by every node. */
    public Path claimDirectory(String namespace, String claim) {
        return claims.require(namespace, claim);
    }

    /** Returns the Events that the webhook and others created in a namespace. */
    public List<Event> events(String namespace) {
        return api.events(namespace);
    }

    /**
     * Closes every node (removing what still runs), every webhook, the API server and the
     * registry, and deletes the image layers. Logs, claims and container output stay.
     */
    @Override
    public void close() {
        for (LocalNode node : nodes) {
            closeQuietly(node);
        }
        nodes.clear();
        for (Webhook started : webhooks) {
            closeQuietly(started);
        }
        closeQuietly(api);
        closeQuietly(registry);
        // The layers hold a copy of the bundle (about 90 MiB) and can be built again.
        closeQuietly(() -> HostCommand.run("rm", "-rf", "--one-file-system", workDir.resolve("images").toString()));
    }

    /** Closes the nodes added so far, so that a scenario leaves nothing running for the next. */
    public void closeNodes() {
        for (LocalNode node : nodes) {
            closeQuietly(node);
        }
        nodes.clear();
    }

    private static String describe(Pod pod) {
        var metadata = pod.getMetadata();
        String name = metadata.getName() != null ? metadata.getName() : metadata.getGenerateName() + "*";
        return metadata.getNamespace() + "/" + name;
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("closing {} failed: {}", resource, e.toString());
        }
    }
}
