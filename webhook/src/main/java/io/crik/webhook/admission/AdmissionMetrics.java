package io.crik.webhook.admission;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Meters of admissions: {@code crik_admissions_total{result, reason}} and the latency histogram
 * {@code crik_admission_duration_seconds{result}} in Prometheus form.
 */
public final class AdmissionMetrics {

  static final String REJECTED = "rejected";

  private final MeterRegistry meters;

  public AdmissionMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  void record(String result, String reason, Duration duration) {
    meters.counter("crik.admissions", "result", result, "reason", reason).increment();
    Timer.builder("crik.admission.duration")
        .description("Time from a parsed AdmissionReview to its verdict and patch, registry lookups included")
        .tag("result", result)
        .publishPercentileHistogram()
        .register(meters)
        .record(duration);
  }

  /** Counts a request rejected with HTTP 400. */
  void recordRejected(String reason) {
    meters.counter("crik.admissions", "result", REJECTED, "reason", reason).increment();
  }
}
