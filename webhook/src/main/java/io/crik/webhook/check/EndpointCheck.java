package io.crik.webhook.check;

import io.crik.certs.Pem;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Checks that each URL returns HTTP 200, trusting only the CA certificates of {@code --ca-file}
 * for HTTPS. The chart's "helm test" pod runs it from the webhook image:
 * {@code EndpointCheck [--ca-file FILE] URL...}. Exit status 0 means every URL returned 200.
 */
public final class EndpointCheck {

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_BODY_CHARACTERS = 300;

  private EndpointCheck() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /** Checks the URLs in {@code args} and returns the exit status: 0 when all returned 200, 1 otherwise, 2 for bad usage. */
  public static int run(String[] args, PrintStream out) {
    Path caFile = null;
    List<URI> urls = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--ca-file") && i + 1 < args.length) {
        caFile = Path.of(args[++i]);
      } else {
        urls.add(URI.create(args[i]));
      }
    }
    if (urls.isEmpty()) {
      out.println("usage: EndpointCheck [--ca-file FILE] URL...");
      return 2;
    }

    HttpClient client;
    try {
      client = client(caFile);
    } catch (RuntimeException | GeneralSecurityException | IOException e) {
      out.println("FAILED: cannot use the CA file " + caFile + ": " + e.getMessage());
      return 1;
    }
    int failures = 0;
    for (URI url : urls) {
      if (!check(client, url, out)) {
        failures++;
      }
    }
    return failures == 0 ? 0 : 1;
  }

  private static boolean check(HttpClient client, URI url, PrintStream out) {
    try {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      boolean ok = response.statusCode() == 200;
      out.println((ok ? "OK " : "FAILED ") + url + ": HTTP " + response.statusCode() + " " + shorten(response.body()));
      return ok;
    } catch (IOException e) {
      out.println("FAILED " + url + ": " + e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("FAILED " + url + ": interrupted");
      return false;
    }
  }

  private static HttpClient client(Path caFile) throws GeneralSecurityException, IOException {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
    if (caFile != null) {
      builder.sslContext(trusting(Pem.readCertificates(caFile)));
    }
    return builder.build();
  }

  private static SSLContext trusting(List<X509Certificate> anchors) throws GeneralSecurityException, IOException {
    KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
    trustStore.load(null, null);
    for (int i = 0; i < anchors.size(); i++) {
      trustStore.setCertificateEntry("ca-" + i, anchors.get(i));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trustStore);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static String shorten(String body) {
    String oneLine = body.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= MAX_BODY_CHARACTERS ? oneLine : oneLine.substring(0, MAX_BODY_CHARACTERS) + "...";
  }
}
