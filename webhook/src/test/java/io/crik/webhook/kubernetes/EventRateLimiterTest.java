package io.crik.webhook.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventRateLimiterTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void secondEventWithinIntervalIsSuppressed() {
    EventRateLimiter limiter = new EventRateLimiter(Duration.ofMinutes(1), 10, Clock.fixed(START, ZoneOffset.UTC));

    assertThat(limiter.tryAcquire("shop/ReplicaSet/web/CrikInjected")).isTrue();
    assertThat(limiter.tryAcquire("shop/ReplicaSet/web/CrikInjected")).isFalse();
  }

  @Test
  void keysAreIndependent() {
    EventRateLimiter limiter = new EventRateLimiter(Duration.ofMinutes(1), 10, Clock.fixed(START, ZoneOffset.UTC));

    assertThat(limiter.tryAcquire("a")).isTrue();
    assertThat(limiter.tryAcquire("b")).isTrue();
  }

  @Test
  void eventAfterIntervalPasses() {
    EventRateLimiter first = new EventRateLimiter(Duration.ofMinutes(1), 10, Clock.fixed(START, ZoneOffset.UTC));
    first.tryAcquire("a");

    EventRateLimiter later = new EventRateLimiter(Duration.ofMinutes(1), 10,
        Clock.fixed(START.plusSeconds(61), ZoneOffset.UTC));

    assertThat(later.tryAcquire("a")).isTrue();
  }

  @Test
  void boundForgetsOldestKey() {
    EventRateLimiter limiter = new EventRateLimiter(Duration.ofMinutes(1), 2, Clock.fixed(START, ZoneOffset.UTC));
    limiter.tryAcquire("a");
    limiter.tryAcquire("b");
    limiter.tryAcquire("c");

    assertThat(limiter.tryAcquire("a")).isTrue();
    assertThat(limiter.tryAcquire("c")).isFalse();
  }
}
