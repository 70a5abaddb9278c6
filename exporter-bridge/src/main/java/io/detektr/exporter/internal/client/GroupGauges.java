package io.detektr.exporter.internal.client;

import io.detektr.broker.Broker;
import io.detektr.broker.metrics.Destination;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The {@code broker.consumer.lag} and {@code broker.pending} gauges of watched groups. Holds the
 * {@link GroupStatsCache}s strongly: Micrometer gauges only keep weak references to their state.
 */
public final class GroupGauges implements AutoCloseable {
  private final MeterRegistry registry;
  private final Duration ttl;
  private final Map<Destination, GroupStatsCache> watched = new ConcurrentHashMap<>();
  // One thread per slow broker at most (a cache never runs two reads at once); daemon threads so
  // an embedding service that forgets close() still exits.
  private final ExecutorService reader =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "broker-group-stats");
            t.setDaemon(true);
            return t;
          });

  public GroupGauges(MeterRegistry registry, Duration ttl) {
    this.registry = registry;
    this.ttl = ttl;
  }

  public void watch(Broker broker, String topic, String group) {
    Destination d = new Destination(broker.provider(), topic, group);
    watched.computeIfAbsent(d, k -> register(k, broker));
  }

  private GroupStatsCache register(Destination d, Broker broker) {
    GroupStatsCache cache =
        new GroupStatsCache(() -> broker.groupStats(d.topic(), d.group()), ttl, reader);
    Tags tags = Meters.tags(d);
    Gauge.builder(Meters.CONSUMER_LAG, cache, c -> c.read().lag())
        .description("Messages of the topic the group has not been handed yet (NaN: unknown)")
        .tags(tags)
        .register(registry);
    Gauge.builder(Meters.PENDING, cache, c -> c.read().pending())
        .description("Messages handed to the group's consumers and not yet acknowledged")
        .tags(tags)
        .register(registry);
    return cache;
  }

  @Override
  public void close() {
    reader.shutdownNow();
  }
}
