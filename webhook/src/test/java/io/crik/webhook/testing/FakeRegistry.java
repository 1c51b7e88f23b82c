package io.crik.webhook.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A registry speaking the OCI distribution API, served by WireMock on 127.0.0.1 with documents
 * whose digests are real. With {@link #requireBearerToken} every registry request needs the token
 * that {@code /token} hands out.
 */
public final class FakeRegistry implements AutoCloseable {

  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String TOKEN = "test-token-4f1c";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WireMockServer server;
  private final Map<String, String> manifestBodies = new HashMap<>();
  private final Map<String, String> manifestTypes = new HashMap<>();
  private boolean bearer;

  public FakeRegistry() {
    server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  public WireMockServer server() {
    return server;
  }

  /** Returns {@code 127.0.0.1:<port>}, the registry part of image references. */
  public String host() {
    return "127.0.0.1:" + server.port();
  }

  public String url() {
    return "http://" + host() + "/";
  }

  /**
   * Makes every later stub require {@code Authorization: Bearer TOKEN}, and registry requests
   * without it get 401 with a bearer challenge. With {@code tokenAuthorization} set, the token
   * service too returns 401 unless the request carries that header.
   */
  public void requireBearerToken(String tokenAuthorization) {
    bearer = true;
    server.stubFor(any(urlMatching("/v2/.*")).atPriority(9)
        .willReturn(aResponse().withStatus(401)
            .withHeader("WWW-Authenticate", "Bearer realm=\"" + url() + "token\",service=\"registry.test\"")));
    MappingBuilder token = get(urlPathEqualTo("/token"));
    if (tokenAuthorization != null) {
      token = token.withHeader("Authorization", equalTo(tokenAuthorization));
      server.stubFor(get(urlPathEqualTo("/token")).atPriority(8)
          .willReturn(aResponse().withStatus(401).withBody("{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}")));
    }
    server.stubFor(token.atPriority(1).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"token\":\"" + TOKEN + "\",\"expires_in\":300}")));
  }

  /** Serves an image config blob and returns its digest. */
  public String config(String repository, List<String> entrypoint, List<String> cmd, String user) {
    ObjectNode root = JSON.createObjectNode();
    root.put("architecture", "amd64");
    root.put("os", "linux");
    ObjectNode config = root.putObject("config");
    if (entrypoint != null) {
      ArrayNode array = config.putArray("Entrypoint");
      entrypoint.forEach(array::add);
    }
    if (cmd != null) {
      ArrayNode array = config.putArray("Cmd");
      cmd.forEach(array::add);
    }
    if (user != null) {
      config.put("User", user);
    }
    config.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    return blob(repository, root.toString(), "application/vnd.oci.image.config.v1+json");
  }

  /** Serves a manifest that points at a config blob, by digest, and returns the manifest's digest. */
  public String manifest(String repository, String configDigest, String mediaType) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", mediaType);
    ObjectNode config = root.putObject("config");
    config.put("mediaType", mediaType.equals(DOCKER_MANIFEST)
        ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json");
    config.put("digest", configDigest);
    config.put("size", 1234);
    ObjectNode layer = root.putArray("layers").addObject();
    layer.put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip");
    layer.put("digest", "sha256:" + "ab".repeat(32));
    layer.put("size", 4567);
    String body = root.toString();
    String digest = digest(body);
    serveManifest(repository, digest, body, mediaType);
    return digest;
  }

  /** Serves an index (or manifest list) of platform manifests, by digest, and returns its digest. */
  public String index(String repository, String mediaType, Map<String, String> digestsByPlatform) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", mediaType);
    ArrayNode manifests = root.putArray("manifests");
    digestsByPlatform.forEach((platform, digest) -> {
      String[] parts = platform.split("/");
      ObjectNode entry = manifests.addObject();
      entry.put("mediaType", mediaType.equals(DOCKER_LIST) ? DOCKER_MANIFEST : OCI_MANIFEST);
      entry.put("digest", digest);
      entry.put("size", 500);
      ObjectNode target = entry.putObject("platform");
      target.put("os", parts[0]);
      target.put("architecture", parts[1]);
      if (parts.length > 2) {
        target.put("variant", parts[2]);
      }
    });
    String body = root.toString();
    String digest = digest(body);
    serveManifest(repository, digest, body, mediaType);
    return digest;
  }

  /** Serves the document with the given digest under a tag too. */
  public void tag(String repository, String tag, String digest) {
    String body = manifestBodies.get(repository + "@" + digest);
    String mediaType = manifestTypes.get(repository + "@" + digest);
    serveManifest(repository, tag, body, mediaType);
  }

  public String blob(String repository, String body, String mediaType) {
    String digest = digest(body);
    server.stubFor(authorized(get(urlPathEqualTo("/v2/" + repository + "/blobs/" + digest)))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", mediaType)
            .withHeader("Docker-Content-Digest", digest).withBody(body)));
    return digest;
  }

  /** Makes the config blob respond with a redirect to storage on another origin, as many registries do. */
  public void redirectBlobToStorage(String repository, String digest, String body) {
    String storage = "http://localhost:" + server.port() + "/storage/" + digest.replace(':', '-');
    server.stubFor(authorized(get(urlPathEqualTo("/v2/" + repository + "/blobs/" + digest))).atPriority(1)
        .willReturn(aResponse().withStatus(307).withHeader("Location", storage)));
    server.stubFor(get(urlPathEqualTo("/storage/" + digest.replace(':', '-')))
        .withHeader("Authorization", absent())
        .willReturn(aResponse().withStatus(200).withBody(body)));
  }

  public static String digest(String body) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void serveManifest(String repository, String reference, String body, String mediaType) {
    manifestBodies.put(repository + "@" + reference, body);
    manifestTypes.put(repository + "@" + reference, mediaType);
    server.stubFor(authorized(get(urlPathEqualTo("/v2/" + repository + "/manifests/" + reference)))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", mediaType)
            .withHeader("Docker-Content-Digest", digest(body)).withBody(body)));
  }

  private MappingBuilder authorized(MappingBuilder mapping) {
    return bearer ? mapping.withHeader("Authorization", equalTo("Bearer " + TOKEN)).atPriority(2) : mapping;
  }

  @Override
  public void close() {
    server.stop();
  }
}
