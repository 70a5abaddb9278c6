package io.detektr.exporter.internal.client;

import io.detektr.broker.metrics.Destination;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The publish-side meters of one destination, created once and reused on every event. */
public final class PublishMeters {
  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter published;
  private final Counter dropped;
  private final Timer latency;
  private final Map<String, Counter> failures = new ConcurrentHashMap<>();

  public PublishMeters(MeterRegistry registry, Destination destination) {
    this.registry = registry;
    this.tags = Meters.tags(destination);
    this.published =
        Counter.builder(Meters.PUBLISHED)
            .description("Messages handed to the broker client")
            .tags(tags)
            .register(registry);
    this.dropped =
        Counter.builder(Meters.DROPPED)
            .description("Messages the broker discarded to make room (overflow DROP_OLDEST)")
            .tags(tags)
            .register(registry);
    this.latency =
        Meters.latency(
                Meters.PUBLISH_LATENCY,
                "Time from publish until the broker accepted the message durably")
            .tags(tags)
            .register(registry);
  }

  public Counter published() {
    return published;
  }

  public Counter dropped() {
    return dropped;
  }

  public Timer latency() {
    return latency;
  }

  /** Failures are rare, so building the tag here (once per error class) costs nothing. */
  public Counter failure(String error) {
    return failures.computeIfAbsent(
        error,
        e ->
            Counter.builder(Meters.PUBLISH_FAILURES)
                .description("Publishes the broker did not accept, by exception class")
                .tags(tags)
                .tag("error", e)
                .register(registry));
  }
}
