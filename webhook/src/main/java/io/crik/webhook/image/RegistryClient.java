package io.crik.webhook.image;

import io.crik.webhook.image.ImageResolutionException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an image's config over the OCI distribution API: the manifest by tag or digest, the
 * platform's manifest when that is an OCI index or a Docker manifest list, then the config blob.
 * It handles bearer-token and basic challenges, checks every digest it fetched by, and follows
 * redirects itself so that credentials never go to another host (blob storage behind a redirect
 * rejects them).
 */
final class RegistryClient {

  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  private static final String MANIFEST_ACCEPT =
      String.join(", ", OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST);
  private static final Set<String> INDEX_TYPES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);

  /** Limits that keep a misbehaving registry from filling the heap; real manifests are a few kB. */
  private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
  private static final int MAX_CONFIG_BYTES = 8 * 1024 * 1024;
  private static final int MAX_REDIRECTS = 5;

  private final HttpClient http;
  private final Duration requestTimeout;
  private final ObjectMapper json = JsonMapper.builder().build();

  RegistryClient(HttpClient http, Duration requestTimeout) {
    this.http = http;
    this.requestTimeout = requestTimeout;
  }

  /** The config of an image, with the digest its reference resolved to. */
  record FetchedImage(String digest, ImageConfig config) {}

  FetchedImage fetch(URI endpoint, ImageReference image, Platform platform, Optional<RegistryCredentials> credentials,
      Instant deadline) throws ImageResolutionException {
    Session session = new Session(endpoint, image, credentials, deadline);

    Fetched top = session.get(manifestUri(endpoint, image, image.manifestReference()), MANIFEST_ACCEPT,
        "the manifest", MAX_MANIFEST_BYTES);
    String topDigest = image.digestIfAny().orElse(sha256(top.body()));
    if (image.digestIfAny().isPresent()) {
      verifyDigest(image.digest(), top.body(), "the manifest");
    }

    JsonNode manifest = parse(top.body(), "the manifest");
    if (isIndex(manifest, top.contentType())) {
      String platformDigest = selectPlatform(manifest, platform, image);
      Fetched platformManifest = session.get(manifestUri(endpoint, image, platformDigest), MANIFEST_ACCEPT,
          "the " + platform + " manifest", MAX_MANIFEST_BYTES);
      verifyDigest(platformDigest, platformManifest.body(), "the " + platform + " manifest");
      manifest = parse(platformManifest.body(), "the " + platform + " manifest");
    }

    String configDigest = configDigest(manifest);
    Fetched config = session.get(endpoint.resolve(basePath(endpoint) + "v2/" + image.repository() + "/blobs/" + configDigest),
        "application/json, */*", "the image config", MAX_CONFIG_BYTES);
    verifyDigest(configDigest, config.body(), "the image config");
    return new FetchedImage(topDigest, imageConfig(parse(config.body(), "the image config")));
  }

  private record Fetched(int status, String contentType, byte[] body) {}

  /** Requests to one registry for one image, sharing the authorization a challenge produced. */
  private final class Session {

    private final URI endpoint;
    private final ImageReference image;
    private final Optional<RegistryCredentials> credentials;
    private final Instant deadline;
    private String authorization;

    Session(URI endpoint, ImageReference image, Optional<RegistryCredentials> credentials, Instant deadline) {
      this.endpoint = endpoint;
      this.image = image;
      this.credentials = credentials;
      this.deadline = deadline;
    }

    Fetched get(URI uri, String accept, String document, int maxBytes) throws ImageResolutionException {
      Response response = send(uri, accept, authorization, deadline, document, maxBytes);
      if (response.status() == 401) {
        authorization = authenticate(response.challenge(), document);
        response = send(uri, accept, authorization, deadline, document, maxBytes);
      }
      return check(response, document);
    }

    private String authenticate(Optional<AuthenticationChallenge> challenge, String document)
        throws ImageResolutionException {
      if (challenge.isPresent() && challenge.get().isBearer()) {
        return "Bearer " + token(challenge.get());
      }
      if (challenge.isPresent() && challenge.get().isBasic() && credentials.isPresent()) {
        return credentials.get().basicAuthorization();
      }
      throw unauthorized(document);
    }

    private String token(AuthenticationChallenge challenge) throws ImageResolutionException {
      String realm = challenge.parameter("realm").orElseThrow(() -> new ImageResolutionException(Kind.UNAUTHORIZED,
          "the registry " + endpoint + " sent a bearer challenge without a realm"));
      List<String> query = new ArrayList<>();
      challenge.parameter("service").ifPresent(service -> query.add("service=" + encode(service)));
      query.add("scope=" + encode(challenge.parameter("scope").orElse("repository:" + image.repository() + ":pull")));
      URI tokenUri;
      try {
        tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + String.join("&", query));
      } catch (IllegalArgumentException e) {
        throw new ImageResolutionException(Kind.UNAUTHORIZED, "the registry " + endpoint + " sent the invalid token realm \""
            + realm + "\"");
      }

      String basic = credentials.map(RegistryCredentials::basicAuthorization).orElse(null);
      Response response = send(tokenUri, "application/json", basic, deadline, "a token", MAX_MANIFEST_BYTES);
      if (response.status() == 401 || response.status() == 403) {
        throw new ImageResolutionException(Kind.UNAUTHORIZED, "the token service " + tokenUri.getHost()
            + " returned " + response.status() + " for " + image.repository()
            + (credentials.isPresent() ? " with the pod's pull secret" : " without credentials")
            + hintForCredentials());
      }
      JsonNode body = parse(check(response, "a token").body(), "the token response");
      String token = body.path("token").asString(body.path("access_token").asString(""));
      if (token.isEmpty()) {
        throw new ImageResolutionException(Kind.UNAUTHORIZED, "the token service " + tokenUri.getHost()
            + " returned no token");
      }
      return token;
    }

    private Fetched check(Response response, String document) throws ImageResolutionException {
      int status = response.status();
      if (status >= 200 && status < 300) {
        return new Fetched(status, response.contentType(), response.body());
      }
      if (status == 401 || status == 403) {
        throw unauthorized(document);
      }
      if (status == 404) {
        throw new ImageResolutionException(Kind.NOT_FOUND, "the registry " + endpoint + " returned 404 Not Found for "
            + document + " of " + image);
      }
      throw new ImageResolutionException(Kind.ERROR, "the registry " + endpoint + " returned HTTP " + status + " for "
          + document + " of " + image);
    }

    private ImageResolutionException unauthorized(String document) {
      return new ImageResolutionException(Kind.UNAUTHORIZED, "the registry " + endpoint + " returned 401 Unauthorized for "
          + document + " of " + image + hintForCredentials());
    }

    private String hintForCredentials() {
      return credentials.isPresent() ? "" : " (no pull secret was used; see crik.webhook.registry.use-pull-secrets)";
    }
  }

  private record Response(int status, String contentType, Optional<AuthenticationChallenge> challenge, byte[] body) {}

  /**
   * Describes a failed request in words from its exception chain: the java.net.http client wraps
   * the socket's exception, often without a message of its own.
   */
  static String describe(IOException failure) {
    // The client reports an unresolvable name as a ConnectException caused by
    // UnresolvedAddressException, so the more specific causes are looked for first.
    if (findCause(failure, UnknownHostException.class) != null
        || findCause(failure, UnresolvedAddressException.class) != null) {
      return "unknown host (the name does not resolve)";
    }
    if (findCause(failure, NoRouteToHostException.class) != null) {
      return "no route to host";
    }
    if (findCause(failure, SocketTimeoutException.class) != null) {
      return "timed out";
    }
    SSLException tls = findCause(failure, SSLException.class);
    if (tls != null) {
      return "the TLS handshake failed: " + Objects.requireNonNullElse(tls.getMessage(), "no details");
    }
    ConnectException connect = findCause(failure, ConnectException.class);
    if (connect != null) {
      // The innermost ConnectException carries the socket's "Connection refused"; the client's
      // own wrapper has no message.
      ConnectException innermost = connect;
      for (ConnectException next = innermost; next != null; next = findCause(next.getCause(), ConnectException.class)) {
        innermost = next;
      }
      String message = innermost.getMessage();
      if (message == null || message.toLowerCase(Locale.ROOT).contains("refused")) {
        return "connection refused (nothing listens on that port)";
      }
      return "connecting failed: " + message;
    }
    Throwable innermost = failure;
    while (innermost.getCause() != null) {
      innermost = innermost.getCause();
    }
    String message = innermost.getMessage();
    return innermost.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /**
   * Returns whether the request failed before any HTTP exchange, because the host did not resolve,
   * could not be reached, refused the connection or failed the TLS handshake.
   */
  static boolean isConnectionFailure(IOException failure) {
    return findCause(failure, UnknownHostException.class) != null
        || findCause(failure, UnresolvedAddressException.class) != null
        || findCause(failure, NoRouteToHostException.class) != null
        || findCause(failure, SSLException.class) != null
        || findCause(failure, ConnectException.class) != null;
  }

  private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }

  /** Returns the URI without its query, which may carry a token service's parameters. */
  private static String withoutQuery(URI uri) {
    String text = uri.toString();
    int query = text.indexOf('?');
    return query < 0 ? text : text.substring(0, query);
  }

  private Response send(URI uri, String accept, String authorization, Instant deadline, String document, int maxBytes)
      throws ImageResolutionException {
    URI current = uri;
    String currentAuthorization = authorization;
    for (int redirect = 0; redirect <= MAX_REDIRECTS; redirect++) {
      Duration timeout = remaining(deadline, uri, document);
      HttpRequest.Builder request = HttpRequest.newBuilder(current).GET().timeout(timeout).header("Accept", accept);
      if (currentAuthorization != null) {
        request.header("Authorization", currentAuthorization);
      }

      HttpResponse<InputStream> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (HttpConnectTimeoutException e) {
        throw new ImageResolutionException(Kind.TIMEOUT, "connecting to " + withoutQuery(current) + " for " + document
            + " timed out (crik.webhook.registry.connect-timeout)", e);
      } catch (HttpTimeoutException e) {
        throw new ImageResolutionException(Kind.TIMEOUT, "timed out after " + timeout.toMillis() + " ms fetching "
            + document + " from " + withoutQuery(current), e);
      } catch (IOException e) {
        Kind kind = isConnectionFailure(e) ? Kind.UNREACHABLE : Kind.ERROR;
        throw new ImageResolutionException(kind, "fetching " + document + " from " + withoutQuery(current)
            + " failed: " + describe(e), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ImageResolutionException(Kind.ERROR, "interrupted while fetching " + document, e);
      }

      Optional<String> location = response.headers().firstValue("Location");
      if (isRedirect(response.statusCode()) && location.isPresent()) {
        close(response.body());
        URI next = current.resolve(location.get());
        if (!sameOrigin(current, next)) {
          currentAuthorization = null;
        }
        current = next;
        continue;
      }

      byte[] body = readLimited(response.body(), maxBytes, document);
      String contentType = response.headers().firstValue("Content-Type").orElse("");
      Optional<AuthenticationChallenge> challenge =
          AuthenticationChallenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null));
      return new Response(response.statusCode(), contentType, challenge, body);
    }
    throw new ImageResolutionException(Kind.ERROR, "more than " + MAX_REDIRECTS + " redirects fetching " + document
        + " from " + uri.getHost());
  }

  private Duration remaining(Instant deadline, URI uri, String document) throws ImageResolutionException {
    Duration left = Duration.between(Instant.now(), deadline);
    if (left.isNegative() || left.isZero()) {
      throw new ImageResolutionException(Kind.TIMEOUT, "the time for registry lookups ran out before fetching "
          + document + " from " + uri.getHost());
    }
    return left.compareTo(requestTimeout) < 0 ? left : requestTimeout;
  }

  private String selectPlatform(JsonNode index, Platform platform, ImageReference image)
      throws ImageResolutionException {
    List<String> offered = new ArrayList<>();
    for (JsonNode descriptor : index.path("manifests")) {
      JsonNode entry = descriptor.path("platform");
      String os = entry.path("os").asString("");
      String architecture = entry.path("architecture").asString("");
      String variant = entry.path("variant").asString("");
      if (platform.accepts(os, architecture, variant)) {
        return descriptor.path("digest").asString("");
      }
      if (!os.isEmpty() && !os.equals("unknown")) {
        offered.add(new Platform(os, architecture, variant).toString());
      }
    }
    throw new ImageResolutionException(Kind.NO_PLATFORM, "the image index of " + image + " has no manifest for "
        + platform + " (it offers " + (offered.isEmpty() ? "none" : String.join(", ", offered))
        + "); set kubernetes.io/arch in the pod's nodeSelector, or crik.webhook.registry.default-platform");
  }

  private static boolean isIndex(JsonNode manifest, String contentType) {
    String mediaType = manifest.path("mediaType").asString(contentType.split(";")[0].trim());
    return INDEX_TYPES.contains(mediaType) || manifest.path("manifests").isArray();
  }

  private static String configDigest(JsonNode manifest) throws ImageResolutionException {
    if (manifest.path("schemaVersion").asInt(2) == 1) {
      throw new ImageResolutionException(Kind.INVALID, "the registry offers only a Docker schema 1 manifest, "
          + "which has no image config; push the image again with a current client");
    }
    String digest = manifest.path("config").path("digest").asString("");
    if (digest.isEmpty()) {
      throw new ImageResolutionException(Kind.INVALID, "the manifest names no config blob");
    }
    return digest;
  }

  private static ImageConfig imageConfig(JsonNode document) {
    JsonNode config = document.path("config");
    return new ImageConfig(strings(config.path("Entrypoint")), strings(config.path("Cmd")),
        config.path("User").asString(""));
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isArray()) {
      node.valueStream().forEach(value -> values.add(value.asString()));
    }
    return values;
  }

  private JsonNode parse(byte[] body, String document) throws ImageResolutionException {
    try {
      JsonNode node = json.readTree(body);
      if (node == null || !node.isObject()) {
        throw new ImageResolutionException(Kind.INVALID, document + " is not a JSON object");
      }
      return node;
    } catch (JacksonException e) {
      throw new ImageResolutionException(Kind.INVALID, document + " is not valid JSON");
    }
  }

  static void verifyDigest(String digest, byte[] body, String document) throws ImageResolutionException {
    int colon = digest.indexOf(':');
    String algorithm = colon < 0 ? "" : digest.substring(0, colon).toLowerCase(Locale.ROOT);
    String javaName = switch (algorithm) {
      case "sha256" -> "SHA-256";
      case "sha512" -> "SHA-512";
      default -> null;
    };
    if (javaName == null) {
      throw new ImageResolutionException(Kind.INVALID, "unsupported digest algorithm in \"" + digest + "\" of " + document);
    }
    String actual = algorithm + ":" + HexFormat.of().formatHex(hash(javaName, body));
    if (!actual.equalsIgnoreCase(digest)) {
      throw new ImageResolutionException(Kind.INVALID, document + " does not match its digest " + digest + " (got " + actual + ")");
    }
  }

  static String sha256(byte[] body) {
    return "sha256:" + HexFormat.of().formatHex(hash("SHA-256", body));
  }

  private static byte[] hash(String algorithm, byte[] body) {
    try {
      return MessageDigest.getInstance(algorithm).digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this Java runtime", e);
    }
  }

  private static byte[] readLimited(InputStream body, int maxBytes, String document) throws ImageResolutionException {
    try (InputStream in = body) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new ImageResolutionException(Kind.INVALID, document + " is larger than " + maxBytes + " bytes");
      }
      return bytes;
    } catch (HttpTimeoutException e) {
      throw new ImageResolutionException(Kind.TIMEOUT, "timed out reading " + document, e);
    } catch (IOException e) {
      throw new ImageResolutionException(Kind.ERROR, "reading " + document + " failed: " + e.getMessage(), e);
    }
  }

  private static void close(InputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      // The body of a redirect is not needed, so a failure to discard it changes nothing.
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
        && a.getPort() == b.getPort();
  }

  private static URI manifestUri(URI endpoint, ImageReference image, String reference) {
    return endpoint.resolve(basePath(endpoint) + "v2/" + image.repository() + "/manifests/" + reference);
  }

  private static String basePath(URI endpoint) {
    String path = endpoint.getPath() == null || endpoint.getPath().isEmpty() ? "/" : endpoint.getPath();
    return path.endsWith("/") ? path : path + "/";
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
