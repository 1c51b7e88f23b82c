package io.crik.webhook.kubernetes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lets one event per key through per interval, so that a Deployment scaled to a hundred replicas
 * produces one Event, not a hundred. Remembers a bounded number of keys, the most recent ones.
 */
final class EventRateLimiter {

  private final Duration interval;
  private final Clock clock;
  private final Map<String, Instant> lastSent;

  EventRateLimiter(Duration interval, int maxKeys, Clock clock) {
    this.interval = interval;
    this.clock = clock;
    this.lastSent = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
        return size() > maxKeys;
      }
    };
  }

  synchronized boolean tryAcquire(String key) {
    Instant now = clock.instant();
    Instant last = lastSent.get(key);
    if (last != null && now.isBefore(last.plus(interval))) {
      return false;
    }
    lastSent.put(key, now);
    return true;
  }
}
