package io.crik.webhook.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Exception chains as java.net.http reports failed connections, in words. Only loopback is
 * reachable in tests, so the chains for other hosts are built here.
 */
class RegistryFailureDescriptionTest {

  private static ConnectException wrapped(Throwable cause) {
    ConnectException outer = new ConnectException();
    outer.initCause(cause);
    return outer;
  }

  @Test
  void refusedConnection() {
    assertThat(RegistryClient.describe(wrapped(new ConnectException("Connection refused"))))
        .isEqualTo("connection refused (nothing listens on that port)");
  }

  @Test
  void unresolvedName() {
    assertThat(RegistryClient.describe(wrapped(new UnresolvedAddressException())))
        .isEqualTo("unknown host (the name does not resolve)");
    assertThat(RegistryClient.describe(new IOException(new UnknownHostException("registry.invalid"))))
        .isEqualTo("unknown host (the name does not resolve)");
  }

  @Test
  void noRoute() {
    assertThat(RegistryClient.describe(wrapped(new NoRouteToHostException("No route to host"))))
        .isEqualTo("no route to host");
  }

  @Test
  void socketTimeout() {
    assertThat(RegistryClient.describe(new IOException(new SocketTimeoutException("Read timed out"))))
        .isEqualTo("timed out");
  }

  @Test
  void tlsHandshake() {
    assertThat(RegistryClient.describe(new SSLHandshakeException("PKIX path building failed")))
        .isEqualTo("the TLS handshake failed: PKIX path building failed");
  }

  @Test
  void otherFailureNamesInnermostCause() {
    assertThat(RegistryClient.describe(new IOException("wrapper", new IllegalStateException("stream reset"))))
        .isEqualTo("IllegalStateException: stream reset");
  }
}
