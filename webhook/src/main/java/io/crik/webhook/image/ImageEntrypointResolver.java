package io.crik.webhook.image;

import io.crik.webhook.image.ImageResolutionException.Kind;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the ENTRYPOINT and CMD of a container image: from the static mapping of the
 * configuration first, then from the cache, then from the image's registry.
 */
public final class ImageEntrypointResolver {

  private static final Logger log = LoggerFactory.getLogger(ImageEntrypointResolver.class);

  /** Settings of the resolver; see the {@code crik.webhook.registry} properties. */
  public record Settings(boolean registryEnabled, Map<String, ImageConfig> staticConfigs,
      Map<String, URI> endpoints, Duration connectTimeout, Duration requestTimeout, int cacheEntries,
      Duration tagTtl) {}

  private final Settings settings;
  private final Map<String, ImageConfig> staticConfigs;
  private final RegistryEndpoints endpoints;
  private final RegistryClient client;
  private final ImageConfigCache cache;
  private final MeterRegistry meters;

  public ImageEntrypointResolver(Settings settings, MeterRegistry meters, Clock clock) {
    this.settings = settings;
    this.staticConfigs = StaticImageConfigs.normalize(settings.staticConfigs());
    this.endpoints = new RegistryEndpoints(settings.endpoints());
    HttpClient http = HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.client = new RegistryClient(http, settings.requestTimeout());
    this.cache = new ImageConfigCache(settings.cacheEntries(), settings.tagTtl(), clock);
    this.meters = meters;
  }

  /**
   * Looks up one image.
   *
   * @param deadline end of the time for registry requests, which lies before the admission's own timeout
   */
  public ImageLookup resolve(String image, Platform platform, CredentialsSource credentials, Instant deadline) {
    ImageReference reference;
    try {
      reference = ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      return new ImageLookup.Failed(e.getMessage());
    }

    ImageConfig configured = staticConfigs.get(reference.canonical());
    if (configured != null) {
      return new ImageLookup.Found(configured, "static");
    }
    if (!settings.registryEnabled()) {
      return new ImageLookup.Failed("registry lookups are turned off (crik.webhook.registry.enabled=false) and "
          + "no static mapping in crik.webhook.images matches " + reference.canonical());
    }

    Optional<ImageConfig> cached = cache.get(reference, platform, credentials.cacheScope());
    meters.counter("crik.image.cache.lookups", "result", cached.isPresent() ? "hit" : "miss").increment();
    if (cached.isPresent()) {
      return new ImageLookup.Found(cached.get(), "cache");
    }

    Optional<URI> endpoint = endpoints.endpoint(reference.registry());
    if (endpoint.isEmpty()) {
      countLookup("no-endpoint");
      return new ImageLookup.Failed("no registry endpoint is configured for " + reference.registry(),
          endpointEntryFix(reference.registry()));
    }
    return fetch(endpoint.get(), reference, platform, credentials, deadline);
  }

  private ImageLookup fetch(URI endpoint, ImageReference reference, Platform platform, CredentialsSource credentials,
      Instant deadline) {
    long started = System.nanoTime();
    try {
      Optional<RegistryCredentials> registryCredentials = credentials.forRegistry(reference.registry());
      RegistryClient.FetchedImage fetched = client.fetch(endpoint, reference, platform, registryCredentials, deadline);
      // A config read without credentials is public and serves every pod; one read with a pull
      // secret's credentials serves only pods with the same secrets.
      Optional<String> scope = registryCredentials.map(found -> credentials.cacheScope());
      cache.put(reference, platform, fetched.digest(), fetched.config(), scope);
      countLookup("ok");
      log.debug("Read the config of {} for {} from {} in {} ms (digest {})", reference, platform, endpoint,
          (System.nanoTime() - started) / 1_000_000, fetched.digest());
      return new ImageLookup.Found(fetched.config(), "registry");
    } catch (ImageResolutionException e) {
      countLookup(e.kind().code());
      log.warn("Registry lookup of {} for {} failed after {} ms: {}", reference, platform,
          (System.nanoTime() - started) / 1_000_000, e.getMessage());
      if (e.kind() == Kind.UNREACHABLE) {
        return new ImageLookup.Failed(e.getMessage(), "check or correct the endpoint of " + reference.registry()
            + " in crik.webhook.registry.endpoints (chart: registry.endpoints)");
      }
      return new ImageLookup.Failed(e.getMessage());
    } catch (RuntimeException e) {
      countLookup(Kind.ERROR.code());
      log.error("Registry lookup of {} for {} failed unexpectedly", reference, platform, e);
      return new ImageLookup.Failed("the registry lookup failed: " + e);
    }
  }

  /**
   * Words the endpoint entry that a registry without a default endpoint needs, as properties and
   * as the chart value. Only Docker Hub lacks a default, and its URL is known.
   */
  private static String endpointEntryFix(String registry) {
    String url = registry.equals(ImageReference.DOCKER_HUB) ? RegistryEndpoints.DOCKER_HUB_URL
        : "<base URL of its registry API>";
    return "add an entry for " + registry + " to crik.webhook.registry.endpoints:"
        + " crik.webhook.registry.endpoints[N].registry=" + registry
        + " and crik.webhook.registry.endpoints[N].url=" + url + ", where N is the next free index"
        + " (chart: registry.endpoints: [{registry: " + registry + ", url: \"" + url + "\"}])";
  }

  private void countLookup(String result) {
    meters.counter("crik.registry.lookups", "result", result).increment();
  }
}
