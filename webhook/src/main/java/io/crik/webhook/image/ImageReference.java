package io.crik.webhook.image;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed container image reference, normalized as container runtimes do: a reference without a
 * registry host lives on {@code docker.io}, a single-component Docker Hub repository lives under
 * {@code library/}, and a reference with neither tag nor digest means {@code latest}.
 *
 * @param registry host, with port when given, for example {@code registry.example:5000}
 * @param repository path within the registry, for example {@code library/redis}
 * @param tag tag, empty when the reference has only a digest
 * @param digest digest such as {@code sha256:...}, empty when absent
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

  public static final String DOCKER_HUB = "docker.io";

  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]{1,5})?|\\[[0-9A-Fa-f:]+\\](?::[0-9]{1,5})?");

  public static ImageReference parse(String image) {
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("the image reference is empty");
    }
    String rest = image;
    String digest = "";
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        throw invalid(image, "\"" + digest + "\" is not a digest such as sha256:<64 hex digits>");
      }
    }

    String tag = "";
    int lastSlash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw invalid(image, "\"" + tag + "\" is not a valid tag");
      }
    }

    String registry = DOCKER_HUB;
    String repository = rest;
    int firstSlash = rest.indexOf('/');
    if (firstSlash > 0) {
      String first = rest.substring(0, firstSlash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
        registry = first;
        repository = rest.substring(firstSlash + 1);
        if (!HOST.matcher(registry).matches()) {
          throw invalid(image, "\"" + registry + "\" is not a registry host");
        }
      }
    }
    if (registry.equals("index.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
      repository = "library/" + repository;
    }
    for (String component : repository.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        throw invalid(image, "\"" + repository + "\" is not a repository path of lower-case components");
      }
    }
    if (tag.isEmpty() && digest.isEmpty()) {
      tag = "latest";
    }
    return new ImageReference(registry, repository, tag, digest);
  }

  /** Returns what follows {@code /manifests/} in the registry API: the digest if any, else the tag. */
  public String manifestReference() {
    return digest.isEmpty() ? tag : digest;
  }

  public Optional<String> digestIfAny() {
    return digest.isEmpty() ? Optional.empty() : Optional.of(digest);
  }

  /** Returns the fully qualified form, which compares equal for every spelling of one image. */
  public String canonical() {
    StringBuilder canonical = new StringBuilder(registry).append('/').append(repository);
    if (!tag.isEmpty()) {
      canonical.append(':').append(tag);
    }
    if (!digest.isEmpty()) {
      canonical.append('@').append(digest);
    }
    return canonical.toString();
  }

  @Override
  public String toString() {
    return canonical();
  }

  private static IllegalArgumentException invalid(String image, String problem) {
    return new IllegalArgumentException("invalid image reference \"" + image + "\": " + problem);
  }
}
