package io.crik.webhook.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates core/v1 Events on a background thread, so that the API server's latency never adds to
 * an admission's. Rate-limited per owner and reason; when the queue is full, events are dropped
 * and counted in {@code crik.events.dropped}.
 */
public final class KubernetesEventRecorder implements AdmissionEventRecorder, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KubernetesEventRecorder.class);
  private static final String COMPONENT = "crik-webhook";
  private static final int QUEUE_SIZE = 1000;
  private static final int MAX_MESSAGE_LENGTH = 1024;

  private final KubernetesClient client;
  private final EventRateLimiter limiter;
  private final Clock clock;
  private final MeterRegistry meters;
  private final ThreadPoolExecutor executor;
  private final AtomicLong sequence = new AtomicLong();

  public KubernetesEventRecorder(KubernetesClient client, Duration minInterval, Clock clock, MeterRegistry meters) {
    this.client = client;
    this.limiter = new EventRateLimiter(minInterval, 10_000, clock);
    this.clock = clock;
    this.meters = meters;
    this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_SIZE), runnable -> {
      Thread thread = new Thread(runnable, "crik-events");
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public void record(AdmissionEvent event) {
    if (!limiter.tryAcquire(event.rateLimitKey())) {
      meters.counter("crik.events.suppressed").increment();
      return;
    }
    try {
      executor.execute(() -> create(event));
    } catch (RejectedExecutionException e) {
      meters.counter("crik.events.dropped").increment();
    }
  }

  private void create(AdmissionEvent event) {
    String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    Event created = new EventBuilder()
        .withNewMetadata()
            .withName(eventName(event.involvedObject().getName()))
            .withNamespace(event.namespace())
        .endMetadata()
        .withInvolvedObject(event.involvedObject())
        .withReason(event.reason())
        .withType(event.type())
        .withMessage(truncate(event.message()))
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .build();
    try {
      client.v1().events().inNamespace(event.namespace()).resource(created).create();
      meters.counter("crik.events.created", "reason", event.reason()).increment();
    } catch (KubernetesClientException e) {
      meters.counter("crik.events.failed").increment();
      log.warn("Creating event {} on {} {}/{} failed: HTTP {} {}; check the webhook's RBAC for create on events",
          event.reason(), event.involvedObject().getKind(), event.namespace(), event.involvedObject().getName(),
          e.getCode(), e.getMessage());
    }
  }

  /** Returns a unique name that is a valid DNS subdomain even when derived from a generateName. */
  private String eventName(String involvedName) {
    String base = involvedName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-").replaceAll("[-.]+$", "");
    if (base.length() > 200) {
      base = base.substring(0, 200);
    }
    if (base.isEmpty()) {
      base = "pod";
    }
    String suffix = Long.toHexString(clock.millis()) + Long.toHexString(sequence.incrementAndGet());
    return base + "." + suffix;
  }

  private static String truncate(String message) {
    return message.length() <= MAX_MESSAGE_LENGTH ? message : message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("{} queued events were not created before shutdown", executor.getQueue().size());
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }
}
