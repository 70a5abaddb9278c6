package io.detektr.exporter.internal.client;

import io.detektr.broker.metrics.Destination;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/** The consume-side meters of one topic and group, created once and reused on every event. */
public final class ConsumeMeters {
  private final Counter acked;
  private final Counter retried;
  private final Counter deadLettered;
  private final Timer endToEnd;

  public ConsumeMeters(MeterRegistry registry, Destination destination) {
    Tags tags = Meters.tags(destination);
    this.acked = consumed(registry, tags, "ack");
    this.retried = consumed(registry, tags, "retry");
    this.deadLettered = consumed(registry, tags, "dead_letter");
    this.endToEnd =
        Meters.latency(
                Meters.END_TO_END_LATENCY,
                "Time from publish until a consumer got the message (its published-at header)")
            .tags(tags)
            .register(registry);
  }

  private static Counter consumed(MeterRegistry registry, Tags tags, String outcome) {
    return Counter.builder(Meters.CONSUMED)
        .description("Deliveries settled by a consumer, by outcome")
        .tags(tags)
        .tag("outcome", outcome)
        .register(registry);
  }

  public Counter acked() {
    return acked;
  }

  public Counter retried() {
    return retried;
  }

  public Counter deadLettered() {
    return deadLettered;
  }

  public Timer endToEnd() {
    return endToEnd;
  }
}
