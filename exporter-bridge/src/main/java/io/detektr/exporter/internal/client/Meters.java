package io.detektr.exporter.internal.client;

import io.detektr.broker.metrics.Destination;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** Names and shared settings of the broker client meters (DESIGN.md). */
public final class Meters {
  public static final String PUBLISHED = "broker.messages.published";
  public static final String CONSUMED = "broker.messages.consumed";
  public static final String DROPPED = "broker.messages.dropped";
  public static final String PUBLISH_FAILURES = "broker.publish.failures";
  public static final String PUBLISH_LATENCY = "broker.publish.latency";
  public static final String END_TO_END_LATENCY = "broker.end_to_end.latency";
  public static final String CONSUMER_LAG = "broker.consumer.lag";
  public static final String PENDING = "broker.pending";

  private Meters() {}

  public static Tags tags(Destination d) {
    return Tags.of("provider", d.provider(), "topic", d.topic(), "group", d.group());
  }

  /**
   * A latency timer with a percentile histogram. The range starts at 50 µs because a local Redis
   * confirms a publish in well under a millisecond (Micrometer's default floor is 1 ms, which would
   * put every publish into the first bucket).
   */
  static Timer.Builder latency(String name, String description) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(50_000))
        .maximumExpectedValue(Duration.ofSeconds(60));
  }
}
