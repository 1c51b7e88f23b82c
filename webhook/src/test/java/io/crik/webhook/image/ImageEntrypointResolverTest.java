package io.crik.webhook.image;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import io.crik.webhook.testing.FakeRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ImageEntrypointResolverTest {

  private static final Platform AMD64 = Platform.parse("linux/amd64");
  private static final Platform ARM64 = Platform.parse("linux/arm64");

  private final FakeRegistry registry = new FakeRegistry();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock();
  private Map<String, ImageConfig> staticConfigs = Map.of();
  private boolean registryEnabled = true;
  private Duration requestTimeout = Duration.ofSeconds(2);

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  private ImageEntrypointResolver resolver() {
    return new ImageEntrypointResolver(new ImageEntrypointResolver.Settings(registryEnabled, staticConfigs,
        Map.of(registry.host(), URI.create(registry.url())), Duration.ofSeconds(1), requestTimeout, 100,
        Duration.ofMinutes(5)), meters, clock);
  }

  private ImageLookup resolve(ImageEntrypointResolver resolver, String image, Platform platform) {
    return resolve(resolver, image, platform, CredentialsSource.NONE);
  }

  private ImageLookup resolve(ImageEntrypointResolver resolver, String image, Platform platform,
      CredentialsSource credentials) {
    return resolver.resolve(image, platform, credentials, Instant.now().plusSeconds(5));
  }

  private String singlePlatformImage(String repository, String tag, List<String> entrypoint, List<String> cmd) {
    String config = registry.config(repository, entrypoint, cmd, null);
    String manifest = registry.manifest(repository, config, FakeRegistry.OCI_MANIFEST);
    registry.tag(repository, tag, manifest);
    return registry.host() + "/" + repository + ":" + tag;
  }

  private static ImageConfig found(ImageLookup lookup) {
    assertThat(lookup).isInstanceOf(ImageLookup.Found.class);
    return ((ImageLookup.Found) lookup).config();
  }

  private static String failure(ImageLookup lookup) {
    assertThat(lookup).isInstanceOf(ImageLookup.Failed.class);
    return ((ImageLookup.Failed) lookup).reason();
  }

  private double counter(String name, String result) {
    var counter = meters.find(name).tag("result", result).counter();
    return counter == null ? 0 : counter.count();
  }

  @Nested
  @DisplayName("image config")
  class Config {

    @Test
    void entrypointAndCmd() {
      String image = singlePlatformImage("shop/api", "3.1", List.of("/usr/bin/tini", "--"), List.of("/app/api"));

      ImageConfig config = found(resolve(resolver(), image, AMD64));

      assertThat(config.entrypoint()).containsExactly("/usr/bin/tini", "--");
      assertThat(config.cmd()).containsExactly("/app/api");
    }

    @Test
    void entrypointOnly() {
      String image = singlePlatformImage("shop/worker", "1", List.of("/worker"), null);

      ImageConfig config = found(resolve(resolver(), image, AMD64));

      assertThat(config.entrypoint()).containsExactly("/worker");
      assertThat(config.cmd()).isEmpty();
    }

    @Test
    void cmdOnly() {
      String image = singlePlatformImage("library/python", "3.12", null, List.of("python3"));

      ImageConfig config = found(resolve(resolver(), image, AMD64));

      assertThat(config.entrypoint()).isEmpty();
      assertThat(config.cmd()).containsExactly("python3");
    }

    @Test
    void shellFormKeptVerbatim() {
      String image = singlePlatformImage("shop/legacy", "1", List.of("/bin/sh", "-c", "exec java $JAVA_OPTS -jar /app.jar"),
          null);

      ImageConfig config = found(resolve(resolver(), image, AMD64));

      assertThat(config.entrypoint()).containsExactly("/bin/sh", "-c", "exec java $JAVA_OPTS -jar /app.jar");
    }

    @Test
    void userIsRead() {
      String config = registry.config("shop/nginx", List.of("/docker-entrypoint.sh"), List.of("nginx"), "101:101");
      registry.tag("shop/nginx", "1.27", registry.manifest("shop/nginx", config, FakeRegistry.OCI_MANIFEST));

      ImageConfig read = found(resolve(resolver(), registry.host() + "/shop/nginx:1.27", AMD64));

      assertThat(read.user()).isEqualTo("101:101");
      assertThat(read.runsAsNonRoot()).isTrue();
    }

    @Test
    void dockerSchema2Manifest() {
      String config = registry.config("shop/old", List.of("/old"), null, null);
      registry.tag("shop/old", "1", registry.manifest("shop/old", config, FakeRegistry.DOCKER_MANIFEST));

      assertThat(found(resolve(resolver(), registry.host() + "/shop/old:1", AMD64)).entrypoint()).containsExactly("/old");
    }

    @Test
    void byDigest() {
      String config = registry.config("shop/pinned", List.of("/pinned"), null, null);
      String digest = registry.manifest("shop/pinned", config, FakeRegistry.OCI_MANIFEST);

      ImageLookup lookup = resolve(resolver(), registry.host() + "/shop/pinned@" + digest, AMD64);

      assertThat(found(lookup).entrypoint()).containsExactly("/pinned");
    }

    @Test
    void tagAndDigestUsesDigest() {
      String config = registry.config("shop/both", List.of("/both"), null, null);
      String digest = registry.manifest("shop/both", config, FakeRegistry.OCI_MANIFEST);

      ImageLookup lookup = resolve(resolver(), registry.host() + "/shop/both:ignored@" + digest, AMD64);

      assertThat(found(lookup).entrypoint()).containsExactly("/both");
      registry.server().verify(0, getRequestedFor(urlPathEqualTo("/v2/shop/both/manifests/ignored")));
    }
  }

  @Nested
  @DisplayName("multi-platform images")
  class MultiPlatform {

    private String multiPlatformImage(String mediaType, String manifestType) {
      String amdConfig = registry.config("shop/multi", List.of("/amd64-binary"), null, null);
      String armConfig = registry.config("shop/multi", List.of("/arm64-binary"), null, null);
      Map<String, String> platforms = new LinkedHashMap<>();
      platforms.put("linux/amd64", registry.manifest("shop/multi", amdConfig, manifestType));
      platforms.put("linux/arm64/v8", registry.manifest("shop/multi", armConfig, manifestType));
      platforms.put("unknown/unknown", "sha256:" + "cd".repeat(32));
      registry.tag("shop/multi", "2", registry.index("shop/multi", mediaType, platforms));
      return registry.host() + "/shop/multi:2";
    }

    @Test
    void ociIndexPicksAmd64() {
      String image = multiPlatformImage(FakeRegistry.OCI_INDEX, FakeRegistry.OCI_MANIFEST);

      assertThat(found(resolve(resolver(), image, AMD64)).entrypoint()).containsExactly("/amd64-binary");
    }

    @Test
    void ociIndexPicksArm64() {
      String image = multiPlatformImage(FakeRegistry.OCI_INDEX, FakeRegistry.OCI_MANIFEST);

      assertThat(found(resolve(resolver(), image, ARM64)).entrypoint()).containsExactly("/arm64-binary");
    }

    @Test
    void dockerManifestListPicksArm64() {
      String image = multiPlatformImage(FakeRegistry.DOCKER_LIST, FakeRegistry.DOCKER_MANIFEST);

      assertThat(found(resolve(resolver(), image, ARM64)).entrypoint()).containsExactly("/arm64-binary");
    }

    @Test
    void missingPlatformNamesOffered() {
      String image = multiPlatformImage(FakeRegistry.OCI_INDEX, FakeRegistry.OCI_MANIFEST);

      String reason = failure(resolve(resolver(), image, Platform.parse("linux/s390x")));

      assertThat(reason).contains("has no manifest for linux/s390x (it offers linux/amd64, linux/arm64/v8)");
      assertThat(counter("crik.registry.lookups", "no-platform")).isEqualTo(1);
    }

    @Test
    void platformsCachedApart() {
      String image = multiPlatformImage(FakeRegistry.OCI_INDEX, FakeRegistry.OCI_MANIFEST);
      ImageEntrypointResolver resolver = resolver();

      ImageConfig amd = found(resolve(resolver, image, AMD64));
      ImageConfig arm = found(resolve(resolver, image, ARM64));

      assertThat(amd.entrypoint()).containsExactly("/amd64-binary");
      assertThat(arm.entrypoint()).containsExactly("/arm64-binary");
    }
  }

  @Nested
  @DisplayName("authentication")
  class Authentication {

    @Test
    void anonymousBearerToken() {
      registry.requireBearerToken(null);
      String image = singlePlatformImage("shop/public", "1", List.of("/public"), null);

      assertThat(found(resolve(resolver(), image, AMD64)).entrypoint()).containsExactly("/public");
      registry.server().verify(getRequestedFor(urlPathEqualTo("/token"))
          .withQueryParam("service", equalTo("registry.test"))
          .withQueryParam("scope", equalTo("repository:shop/public:pull"))
          .withHeader("Authorization", absent()));
    }

    @Test
    void bearerTokenWithPullSecretCredentials() {
      RegistryCredentials credentials = new RegistryCredentials("robot$ci", "s3cret:with:colons");
      registry.requireBearerToken(credentials.basicAuthorization());
      String image = singlePlatformImage("shop/private", "1", List.of("/private"), null);

      ImageLookup lookup = resolve(resolver(), image, AMD64,
          host -> host.equals(registry.host()) ? Optional.of(credentials) : Optional.empty());

      assertThat(found(lookup).entrypoint()).containsExactly("/private");
    }

    @Test
    void unauthorizedWithoutCredentials() {
      registry.requireBearerToken(new RegistryCredentials("u", "p").basicAuthorization());
      String image = singlePlatformImage("shop/private", "1", List.of("/private"), null);

      String reason = failure(resolve(resolver(), image, AMD64));

      assertThat(reason).contains("returned 401 for shop/private without credentials");
      assertThat(reason).contains("crik.webhook.registry.use-pull-secrets");
      assertThat(counter("crik.registry.lookups", "unauthorized")).isEqualTo(1);
    }

    @Test
    void unauthorizedWithoutChallenge() {
      registry.server().stubFor(get(urlPathMatching("/v2/.*")).willReturn(aResponse().withStatus(401)));

      String reason = failure(resolve(resolver(), registry.host() + "/shop/locked:1", AMD64));

      assertThat(reason).contains("returned 401 Unauthorized for the manifest of " + registry.host() + "/shop/locked:1");
    }

    @Test
    void basicChallengeUsesCredentials() {
      RegistryCredentials credentials = new RegistryCredentials("reader", "pw");
      String config = registry.config("shop/basic", List.of("/basic"), null, null);
      String manifest = registry.manifest("shop/basic", config, FakeRegistry.OCI_MANIFEST);
      registry.tag("shop/basic", "1", manifest);
      registry.server().stubFor(get(urlPathMatching("/v2/.*")).atPriority(1)
          .withHeader("Authorization", absent())
          .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"registry\"")));

      ImageLookup lookup = resolve(resolver(), registry.host() + "/shop/basic:1", AMD64, host -> Optional.of(credentials));

      assertThat(found(lookup).entrypoint()).containsExactly("/basic");
      registry.server().verify(getRequestedFor(urlPathEqualTo("/v2/shop/basic/blobs/" + config))
          .withHeader("Authorization", equalTo(credentials.basicAuthorization())));
    }

    @Test
    void redirectDropsAuthorization() {
      registry.requireBearerToken(null);
      String config = registry.config("shop/redirected", List.of("/redirected"), null, null);
      String body = registry.server().getStubMappings().stream()
          .filter(mapping -> mapping.getRequest().getUrlPath() != null
              && mapping.getRequest().getUrlPath().endsWith(config))
          .findFirst().orElseThrow().getResponse().getBody();
      registry.tag("shop/redirected", "1", registry.manifest("shop/redirected", config, FakeRegistry.OCI_MANIFEST));
      registry.redirectBlobToStorage("shop/redirected", config, body);

      ImageLookup lookup = resolve(resolver(), registry.host() + "/shop/redirected:1", AMD64);

      assertThat(found(lookup).entrypoint()).containsExactly("/redirected");
      registry.server().verify(getRequestedFor(urlPathMatching("/storage/.*")).withHeader("Authorization", absent()));
    }
  }

  @Nested
  @DisplayName("failures")
  class Failures {

    @Test
    void manifestNotFound() {
      String reason = failure(resolve(resolver(), registry.host() + "/shop/missing:1", AMD64));

      assertThat(reason).contains("returned 404 Not Found for the manifest of " + registry.host() + "/shop/missing:1");
      assertThat(counter("crik.registry.lookups", "not-found")).isEqualTo(1);
    }

    @Test
    void serverError() {
      registry.server().stubFor(get(urlPathMatching("/v2/.*")).willReturn(aResponse().withStatus(503)));

      String reason = failure(resolve(resolver(), registry.host() + "/shop/down:1", AMD64));

      assertThat(reason).contains("returned HTTP 503 for the manifest");
      assertThat(counter("crik.registry.lookups", "error")).isEqualTo(1);
    }

    @Test
    void slowRegistryTimesOut() {
      requestTimeout = Duration.ofMillis(300);
      registry.server().stubFor(get(urlPathMatching("/v2/.*")).willReturn(aResponse().withStatus(200)
          .withFixedDelay(3000).withBody("{}")));

      String reason = failure(resolve(resolver(), registry.host() + "/shop/slow:1", AMD64));

      assertThat(reason).isEqualTo("timed out after 300 ms fetching the manifest from " + registry.url()
          + "v2/shop/slow/manifests/1");
      assertThat(counter("crik.registry.lookups", "timeout")).isEqualTo(1);
    }

    @Test
    void passedDeadlineTimesOut() {
      ImageLookup lookup = resolver().resolve(registry.host() + "/shop/late:1", AMD64, CredentialsSource.NONE,
          Instant.now().minusSeconds(1));

      assertThat(failure(lookup)).contains("the time for registry lookups ran out");
    }

    @Test
    void unreachableRegistry() {
      String host = registry.host();
      ImageEntrypointResolver resolver = resolver();
      registry.close();

      ImageLookup.Failed failed = (ImageLookup.Failed) resolve(resolver, host + "/shop/gone:1", AMD64);

      assertThat(failed.reason()).isEqualTo("fetching the manifest from http://" + host + "/v2/shop/gone/manifests/1"
          + " failed: connection refused (nothing listens on that port)");
      assertThat(failed.registryFix()).isEqualTo("check or correct the endpoint of " + host
          + " in crik.webhook.registry.endpoints (chart: registry.endpoints)");
      assertThat(counter("crik.registry.lookups", "unreachable")).isEqualTo(1);
      assertThat(counter("crik.registry.lookups", "error")).isZero();
    }

    @Test
    void configDigestMismatch() {
      String wrongDigest = "sha256:" + "00".repeat(32);
      registry.server().stubFor(get(urlPathEqualTo("/v2/shop/tampered/blobs/" + wrongDigest))
          .willReturn(aResponse().withStatus(200).withBody("{\"config\":{\"Entrypoint\":[\"/evil\"]}}")));
      registry.tag("shop/tampered", "1", registry.manifest("shop/tampered", wrongDigest, FakeRegistry.OCI_MANIFEST));

      String reason = failure(resolve(resolver(), registry.host() + "/shop/tampered:1", AMD64));

      assertThat(reason).contains("the image config does not match its digest " + wrongDigest);
    }

    @Test
    void invalidManifestJson() {
      registry.server().stubFor(get(urlPathEqualTo("/v2/shop/broken/manifests/1"))
          .willReturn(aResponse().withStatus(200).withBody("<html>")));

      assertThat(failure(resolve(resolver(), registry.host() + "/shop/broken:1", AMD64)))
          .isEqualTo("the manifest is not valid JSON");
    }

    @Test
    void invalidReference() {
      assertThat(failure(resolve(resolver(), "Registry.Example/UPPER:1", AMD64)))
          .contains("invalid image reference \"Registry.Example/UPPER:1\"");
    }

    @Test
    void dockerHubNeedsEndpoint() {
      ImageLookup.Failed failed = (ImageLookup.Failed) resolve(resolver(), "redis:7", AMD64);

      assertThat(failed.reason()).isEqualTo("no registry endpoint is configured for docker.io");
      assertThat(failed.registryFix()).isEqualTo("add an entry for docker.io to crik.webhook.registry.endpoints:"
          + " crik.webhook.registry.endpoints[N].registry=docker.io and"
          + " crik.webhook.registry.endpoints[N].url=https://registry-1.docker.io/, where N is the next free index"
          + " (chart: registry.endpoints: [{registry: docker.io, url: \"https://registry-1.docker.io/\"}])");
      assertThat(counter("crik.registry.lookups", "no-endpoint")).isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("static mapping and cache")
  class StaticAndCache {

    @Test
    void staticMappingWinsWithoutRequests() {
      staticConfigs = Map.of("redis:7", ImageConfig.of(List.of("docker-entrypoint.sh"), List.of("redis-server")));

      ImageLookup lookup = resolve(resolver(), "docker.io/library/redis:7", AMD64);

      assertThat(lookup).isEqualTo(new ImageLookup.Found(
          ImageConfig.of(List.of("docker-entrypoint.sh"), List.of("redis-server")), "static"));
      assertThat(registry.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void registryTurnedOff() {
      registryEnabled = false;

      assertThat(failure(resolve(resolver(), registry.host() + "/shop/app:1", AMD64)))
          .contains("registry lookups are turned off (crik.webhook.registry.enabled=false)");
      assertThat(registry.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void secondLookupIsCacheHit() {
      String image = singlePlatformImage("shop/cached", "1", List.of("/cached"), null);
      ImageEntrypointResolver resolver = resolver();

      ImageLookup first = resolve(resolver, image, AMD64);
      int requests = registry.server().getAllServeEvents().size();
      ImageLookup second = resolve(resolver, image, AMD64);

      assertThat(((ImageLookup.Found) first).source()).isEqualTo("registry");
      assertThat(((ImageLookup.Found) second).source()).isEqualTo("cache");
      assertThat(registry.server().getAllServeEvents()).hasSize(requests);
      assertThat(counter("crik.image.cache.lookups", "hit")).isEqualTo(1);
      assertThat(counter("crik.image.cache.lookups", "miss")).isEqualTo(1);
      assertThat(counter("crik.registry.lookups", "ok")).isEqualTo(1);
    }

    @Test
    void privateConfigServesOnlyItsScope() {
      RegistryCredentials credentials = new RegistryCredentials("robot$ci", "s3cret");
      registry.requireBearerToken(credentials.basicAuthorization());
      String image = singlePlatformImage("shop/private", "1", List.of("/private"), null);
      ImageEntrypointResolver resolver = resolver();
      CredentialsSource shop = scopedCredentials("pull-secrets shop/regcred", Optional.of(credentials));
      CredentialsSource sameSecrets = scopedCredentials("pull-secrets shop/regcred", Optional.of(credentials));
      CredentialsSource otherNamespace = scopedCredentials("pull-secrets other/regcred", Optional.empty());

      ImageLookup first = resolve(resolver, image, AMD64, shop);
      ImageLookup again = resolve(resolver, image, AMD64, sameSecrets);
      ImageLookup other = resolve(resolver, image, AMD64, otherNamespace);
      ImageLookup anonymous = resolve(resolver, image, AMD64, CredentialsSource.NONE);

      assertThat(((ImageLookup.Found) first).source()).isEqualTo("registry");
      assertThat(((ImageLookup.Found) again).source()).isEqualTo("cache");
      assertThat(failure(other)).contains("returned 401 for shop/private without credentials");
      assertThat(failure(anonymous)).contains("returned 401 for shop/private without credentials");
      assertThat(counter("crik.image.cache.lookups", "hit")).isEqualTo(1);
    }

    @Test
    void publicConfigServesEveryScope() {
      String image = singlePlatformImage("shop/open", "1", List.of("/open"), null);
      ImageEntrypointResolver resolver = resolver();

      ImageLookup first = resolve(resolver, image, AMD64, CredentialsSource.NONE);
      ImageLookup scoped = resolve(resolver, image, AMD64, scopedCredentials("pull-secrets any/none", Optional.empty()));

      assertThat(((ImageLookup.Found) first).source()).isEqualTo("registry");
      assertThat(((ImageLookup.Found) scoped).source()).isEqualTo("cache");
    }

    @Test
    void tagExpiresButDigestStays() {
      String image = singlePlatformImage("shop/moving", "latest", List.of("/v1"), null);
      ImageEntrypointResolver resolver = resolver();
      resolve(resolver, image, AMD64);

      String newConfig = registry.config("shop/moving", List.of("/v2"), null, null);
      registry.tag("shop/moving", "latest", registry.manifest("shop/moving", newConfig, FakeRegistry.OCI_MANIFEST));
      ImageConfig beforeExpiry = found(resolve(resolver, image, AMD64));
      clock.advance(Duration.ofMinutes(6));
      ImageConfig afterExpiry = found(resolve(resolver, image, AMD64));

      assertThat(beforeExpiry.entrypoint()).containsExactly("/v1");
      assertThat(afterExpiry.entrypoint()).containsExactly("/v2");
    }
  }

  /** A clock the test moves forward by hand. */
  static final class MutableClock extends Clock {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static CredentialsSource scopedCredentials(String scope, Optional<RegistryCredentials> credentials) {
    return new CredentialsSource() {
      @Override
      public Optional<RegistryCredentials> forRegistry(String registry) {
        return credentials;
      }

      @Override
      public String cacheScope() {
        return scope;
      }
    };
  }
}
