package io.crik.webhook.config;

import io.crik.webhook.admission.FailureMode;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the webhook, under {@code crik.webhook}; the README lists every property. A
 * duration without a unit is in seconds, as pod grace periods are.
 */
@ConfigurationProperties("crik.webhook")
public class WebhookProperties {

  /** crik's own namespace, never injected. */
  private String ownNamespace = "crik-system";

  /** Further namespaces that are never injected, next to kube-system, kube-public and kube-node-lease. */
  private List<String> excludedNamespaces = new ArrayList<>();

  /** Image of the crik-install init container, which carries the wrapper bundle; application.yaml sets the default. */
  private String wrapperImage;

  /** Pull policy of the crik-install init container. */
  private String wrapperImagePullPolicy = "IfNotPresent";

  private final InitContainer initContainer = new InitContainer();

  /** Checkpoint claim for pods without crik.io/checkpoint-claim; empty means that the annotation is required. */
  private String defaultCheckpointClaim = "";

  /** Capabilities added to every wrapped container. */
  private List<String> capabilities = new ArrayList<>(List.of("SYS_ADMIN", "SYS_PTRACE", "NET_ADMIN", "SYS_TIME"));

  /**
   * Capabilities of the container runtime's default set that CRIU needs to restore; added back to
   * a wrapped container that drops them or drops ALL.
   */
  private List<String> runtimeDefaultCapabilities = new ArrayList<>(List.of("SETPCAP", "SYS_CHROOT"));

  /** Lowest terminationGracePeriodSeconds of an injected pod; lower values are raised to it. */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration terminationGracePeriodFloor = Duration.ofSeconds(30);

  /** Handling of a pod that opted in but cannot be injected. */
  private FailureMode failureMode = FailureMode.DENY_EXPLICIT;

  /** Base URL of the node-state service, passed to wrappers as CRIK_NODE_STATE_URL; empty means unknown. */
  private String nodeStateUrl = "";

  /** Largest AdmissionReview body accepted; larger ones get HTTP 400. */
  private DataSize maxRequestSize = DataSize.ofMegabytes(3);

  /** Port of the plain-HTTP connector that serves health, metrics and node state; 0 picks a free port. */
  private int plainPort = 8080;

  /** Image ENTRYPOINT and CMD known in advance, consulted before any registry. */
  private List<StaticImage> images = new ArrayList<>();

  private final Registry registry = new Registry();
  private final Kubernetes kubernetes = new Kubernetes();
  private final Events events = new Events();

  public static class InitContainer {

    /** Resource requests of the crik-install init container. */
    private Map<String, String> requests = new LinkedHashMap<>(Map.of("cpu", "10m", "memory", "32Mi"));

    /** Resource limits of the crik-install init container. */
    private Map<String, String> limits = new LinkedHashMap<>(Map.of("memory", "128Mi"));

    public Map<String, String> getRequests() {
      return requests;
    }

    public void setRequests(Map<String, String> requests) {
      this.requests = requests;
    }

    public Map<String, String> getLimits() {
      return limits;
    }

    public void setLimits(Map<String, String> limits) {
      this.limits = limits;
    }
  }

  /** An image whose ENTRYPOINT and CMD need no registry lookup. */
  public static class StaticImage {

    /** Image reference; every spelling of the same image matches (redis:7 and docker.io/library/redis:7). */
    private String image;

    private List<String> entrypoint = new ArrayList<>();
    private List<String> cmd = new ArrayList<>();

    /** USER of the image, to detect non-root images; empty means root. */
    private String user = "";

    public String getImage() {
      return image;
    }

    public void setImage(String image) {
      this.image = image;
    }

    public List<String> getEntrypoint() {
      return entrypoint;
    }

    public void setEntrypoint(List<String> entrypoint) {
      this.entrypoint = entrypoint;
    }

    public List<String> getCmd() {
      return cmd;
    }

    public void setCmd(List<String> cmd) {
      this.cmd = cmd;
    }

    public String getUser() {
      return user;
    }

    public void setUser(String user) {
      this.user = user;
    }
  }

  public static class Registry {

    /** Whether image configs may be read from registries. */
    private boolean enabled = true;

    /** Whether the pod's imagePullSecrets are read for registry credentials; needs get on secrets. */
    private boolean usePullSecrets = false;

    /** TCP connect timeout for registries. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration connectTimeout = Duration.ofSeconds(1);

    /** Time limit of one registry request. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration requestTimeout = Duration.ofSeconds(2);

    /** Time limit of all registry lookups of one admission; keep it well below the webhook's timeoutSeconds. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration lookupTimeout = Duration.ofSeconds(4);

    /** Platform used when the pod's node selector and affinity do not fix one. */
    private String defaultPlatform = "linux/amd64";

    /** Number of image configs (and tags) kept in the cache. */
    private int cacheEntries = 1000;

    /** How long a tag is trusted to point at the same digest. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration tagTtl = Duration.ofMinutes(5);

    /** Registry API endpoints by registry host; hosts without one use https://host (Docker Hub needs one). */
    private List<Endpoint> endpoints = new ArrayList<>();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isUsePullSecrets() {
      return usePullSecrets;
    }

    public void setUsePullSecrets(boolean usePullSecrets) {
      this.usePullSecrets = usePullSecrets;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public Duration getRequestTimeout() {
      return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }

    public Duration getLookupTimeout() {
      return lookupTimeout;
    }

    public void setLookupTimeout(Duration lookupTimeout) {
      this.lookupTimeout = lookupTimeout;
    }

    public String getDefaultPlatform() {
      return defaultPlatform;
    }

    public void setDefaultPlatform(String defaultPlatform) {
      this.defaultPlatform = defaultPlatform;
    }

    public int getCacheEntries() {
      return cacheEntries;
    }

    public void setCacheEntries(int cacheEntries) {
      this.cacheEntries = cacheEntries;
    }

    public Duration getTagTtl() {
      return tagTtl;
    }

    public void setTagTtl(Duration tagTtl) {
      this.tagTtl = tagTtl;
    }

    public List<Endpoint> getEndpoints() {
      return endpoints;
    }

    public void setEndpoints(List<Endpoint> endpoints) {
      this.endpoints = endpoints;
    }
  }

  /** API endpoint of one registry. */
  public static class Endpoint {

    /** Registry host as it appears in image references, with port if any. */
    private String registry;

    /** Base URL of its API, such as https://mirror.example:5000/ or http://127.0.0.1:5000/. */
    private URI url;

    public String getRegistry() {
      return registry;
    }

    public void setRegistry(String registry) {
      this.registry = registry;
    }

    public URI getUrl() {
      return url;
    }

    public void setUrl(URI url) {
      this.url = url;
    }
  }

  public static class Kubernetes {

    /**
     * Whether to connect to a Kubernetes API. Unset: connect when running in a pod
     * (KUBERNETES_SERVICE_HOST) or when a kubeconfig file exists.
     */
    private Boolean enabled;

    public Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(Boolean enabled) {
      this.enabled = enabled;
    }
  }

  public static class Events {

    /** Whether admission decisions are reported as Kubernetes Events on the pod's owner. */
    private boolean enabled = true;

    /** Shortest interval between two events with the same owner and reason. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration minInterval = Duration.ofMinutes(1);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getMinInterval() {
      return minInterval;
    }

    public void setMinInterval(Duration minInterval) {
      this.minInterval = minInterval;
    }
  }

  public String getOwnNamespace() {
    return ownNamespace;
  }

  public void setOwnNamespace(String ownNamespace) {
    this.ownNamespace = ownNamespace;
  }

  public List<String> getExcludedNamespaces() {
    return excludedNamespaces;
  }

  public void setExcludedNamespaces(List<String> excludedNamespaces) {
    this.excludedNamespaces = excludedNamespaces;
  }

  public String getWrapperImage() {
    return wrapperImage;
  }

  public void setWrapperImage(String wrapperImage) {
    this.wrapperImage = wrapperImage;
  }

  public String getWrapperImagePullPolicy() {
    return wrapperImagePullPolicy;
  }

  public void setWrapperImagePullPolicy(String wrapperImagePullPolicy) {
    this.wrapperImagePullPolicy = wrapperImagePullPolicy;
  }

  public InitContainer getInitContainer() {
    return initContainer;
  }

  public String getDefaultCheckpointClaim() {
    return defaultCheckpointClaim;
  }

  public void setDefaultCheckpointClaim(String defaultCheckpointClaim) {
    this.defaultCheckpointClaim = defaultCheckpointClaim;
  }

  public List<String> getCapabilities() {
    return capabilities;
  }

  public void setCapabilities(List<String> capabilities) {
    this.capabilities = capabilities;
  }

  public List<String> getRuntimeDefaultCapabilities() {
    return runtimeDefaultCapabilities;
  }

  public void setRuntimeDefaultCapabilities(List<String> runtimeDefaultCapabilities) {
    this.runtimeDefaultCapabilities = runtimeDefaultCapabilities;
  }

  public Duration getTerminationGracePeriodFloor() {
    return terminationGracePeriodFloor;
  }

  public void setTerminationGracePeriodFloor(Duration terminationGracePeriodFloor) {
    this.terminationGracePeriodFloor = terminationGracePeriodFloor;
  }

  public FailureMode getFailureMode() {
    return failureMode;
  }

  public void setFailureMode(FailureMode failureMode) {
    this.failureMode = failureMode;
  }

  public String getNodeStateUrl() {
    return nodeStateUrl;
  }

  public void setNodeStateUrl(String nodeStateUrl) {
    this.nodeStateUrl = nodeStateUrl;
  }

  public DataSize getMaxRequestSize() {
    return maxRequestSize;
  }

  public void setMaxRequestSize(DataSize maxRequestSize) {
    this.maxRequestSize = maxRequestSize;
  }

  public int getPlainPort() {
    return plainPort;
  }

  public void setPlainPort(int plainPort) {
    this.plainPort = plainPort;
  }

  public List<StaticImage> getImages() {
    return images;
  }

  public void setImages(List<StaticImage> images) {
    this.images = images;
  }

  public Registry getRegistry() {
    return registry;
  }

  public Kubernetes getKubernetes() {
    return kubernetes;
  }

  public Events getEvents() {
    return events;
  }
}
