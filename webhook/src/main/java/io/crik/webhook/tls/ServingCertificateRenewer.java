package io.crik.webhook.tls;

import io.crik.webhook.tls.CaBundlePublisher.Publication;
import io.crik.webhook.tls.SelfManagedCertificates.Result;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.context.SmartLifecycle;

/**
 * Registers the self-managed serving certificate as an SSL bundle before the HTTPS port opens, and
 * then reconciles the Secret every check interval. When the certificate in the Secret changes,
 * because this replica renewed it or another one did, it updates the bundle, and Tomcat serves the
 * new certificate on the next handshake without a restart.
 */
public final class ServingCertificateRenewer implements SslBundleRegistrar, SmartLifecycle {

  /** Name of the SSL bundle that the HTTPS connector uses in self-managed mode. */
  public static final String BUNDLE_NAME = "crik-webhook-self-managed";

  /** Delay before the next attempt after a failure or while the MutatingWebhookConfiguration is missing. */
  static final Duration RETRY_DELAY = Duration.ofSeconds(15);

  private static final Logger log = LoggerFactory.getLogger(ServingCertificateRenewer.class);

  private final SelfManagedCertificates certificates;
  private final Duration checkInterval;

  private volatile SslBundleRegistry registry;
  private volatile Result lastResult;
  private volatile ScheduledExecutorService executor;

  public ServingCertificateRenewer(SelfManagedCertificates certificates, Duration checkInterval) {
    this.certificates = certificates;
    this.checkInterval = checkInterval;
  }

  @Override
  public void registerBundles(SslBundleRegistry registry) {
    Result result = certificates.reconcile();
    registry.registerBundle(BUNDLE_NAME, ServingSslBundles.of(result.material()));
    this.registry = registry;
    this.lastResult = result;
    log.info("Serving {}", result.material().serving());
  }

  /** Reconciles now and serves the Secret's certificate if it changed; returns the outcome. */
  public synchronized Result checkNow() {
    SslBundleRegistry current = registry;
    if (current == null) {
      throw new IllegalStateException("the SSL bundle " + BUNDLE_NAME + " has not been registered yet");
    }
    Result result = certificates.reconcile();
    if (!result.material().serving().certificate().equals(lastResult.material().serving().certificate())) {
      current.updateBundle(BUNDLE_NAME, ServingSslBundles.of(result.material()));
      log.info("Now serving {}", result.material().serving());
    }
    lastResult = result;
    return result;
  }

  /** Returns the outcome of the latest reconciliation, or null before the first one. */
  public Result lastResult() {
    return lastResult;
  }

  @Override
  public void start() {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "crik-tls-renewal");
      thread.setDaemon(true);
      return thread;
    });
    executor = scheduler;
    schedule(scheduler, nextDelay(lastResult));
  }

  private void scheduledCheck() {
    Duration delay;
    try {
      delay = nextDelay(checkNow());
    } catch (RuntimeException e) {
      delay = shortDelay();
      log.warn("Reconciling the self-managed certificate failed; serving the current one and retrying in {}: {}",
          delay, e.toString());
    }
    ScheduledExecutorService scheduler = executor;
    if (scheduler != null) {
      schedule(scheduler, delay);
    }
  }

  private void schedule(ScheduledExecutorService scheduler, Duration delay) {
    if (!scheduler.isShutdown()) {
      scheduler.schedule(this::scheduledCheck, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private Duration nextDelay(Result result) {
    return result == null || result.publication() == Publication.MISSING ? shortDelay() : checkInterval;
  }

  private Duration shortDelay() {
    return RETRY_DELAY.compareTo(checkInterval) < 0 ? RETRY_DELAY : checkInterval;
  }

  @Override
  public void stop() {
    ScheduledExecutorService scheduler = executor;
    executor = null;
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }
}
