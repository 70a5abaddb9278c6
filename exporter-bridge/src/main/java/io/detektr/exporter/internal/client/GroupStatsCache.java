package io.detektr.exporter.internal.client;

import io.detektr.broker.GroupStats;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The last {@link GroupStats} of one group, read again when older than the TTL. The read runs on
 * another thread and a scrape waits for it at most {@link #MAX_WAIT}: a broker that hangs makes the
 * values stale, never the scrape slow.
 */
final class GroupStatsCache {
  static final Duration MAX_WAIT = Duration.ofMillis(250);

  /** Gauge values: NaN where the broker cannot tell (-1 in GroupStats) or never answered. */
  record Values(double lag, double pending) {
    static final Values UNKNOWN = new Values(Double.NaN, Double.NaN);

    static Values of(GroupStats s) {
      return new Values(
          s.lag() < 0 ? Double.NaN : s.lag(), s.pending() < 0 ? Double.NaN : s.pending());
    }
  }

  private final Supplier<GroupStats> source;
  private final long ttlNanos;
  private final Executor executor;
  private volatile Values last = Values.UNKNOWN;
  private volatile long readAt = Long.MIN_VALUE;
  private CompletableFuture<Values> inFlight;

  GroupStatsCache(Supplier<GroupStats> source, Duration ttl, Executor executor) {
    this.source = source;
    this.ttlNanos = ttl.toNanos();
    this.executor = executor;
  }

  Values read() {
    CompletableFuture<Values> pending = refreshIfStale();
    if (pending != null) {
      try {
        return pending.get(MAX_WAIT.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        return last;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return last;
      }
    }
    return last;
  }

  private synchronized CompletableFuture<Values> refreshIfStale() {
    if (inFlight != null && !inFlight.isDone()) {
      return inFlight;
    }
    if (readAt != Long.MIN_VALUE && System.nanoTime() - readAt < ttlNanos) {
      return null;
    }
    try {
      inFlight =
          CompletableFuture.supplyAsync(() -> Values.of(source.get()), executor)
              .whenComplete(
                  (v, error) -> {
                    // a failed read (broker down) shows as unknown rather than as the last good
                    // value
                    last = error == null ? v : Values.UNKNOWN;
                    readAt = System.nanoTime();
                  });
    } catch (RejectedExecutionException closed) {
      return null;
    }
    return inFlight;
  }
}
