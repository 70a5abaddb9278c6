package io.detektr.broker.tck;

import io.detektr.broker.metrics.BrokerMetrics;
import io.detektr.broker.metrics.Destination;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A metrics listener that counts every event per topic, for assertions. */
public final class RecordingMetrics implements BrokerMetrics {
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  /** How many times {@code event} was recorded for {@code topic}, e.g. ("acked", "frames"). */
  public long count(String event, String topic) {
    AtomicLong c = counts.get(event + "/" + topic);
    return c == null ? 0 : c.get();
  }

  private void add(String event, Destination d, long n) {
    counts.computeIfAbsent(event + "/" + d.topic(), k -> new AtomicLong()).addAndGet(n);
  }

  @Override
  public void published(Destination d, int bytes) {
    add("published", d, 1);
  }

  @Override
  public void publishConfirmed(Destination d, long nanos) {
    add("confirmed", d, 1);
  }

  @Override
  public void publishFailed(Destination d, String error) {
    add("failed", d, 1);
  }

  @Override
  public void delivered(Destination d, int attempt, long endToEndNanos) {
    add("delivered", d, 1);
    if (endToEndNanos >= 0) {
      add("timed", d, 1);
    }
  }

  @Override
  public void acked(Destination d, long handlerNanos) {
    add("acked", d, 1);
  }

  @Override
  public void retried(Destination d) {
    add("retried", d, 1);
  }

  @Override
  public void deadLettered(Destination d) {
    add("deadLettered", d, 1);
  }

  @Override
  public void dropped(Destination d, long count) {
    add("dropped", d, count);
  }
}
