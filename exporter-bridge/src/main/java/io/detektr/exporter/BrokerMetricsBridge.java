package io.detektr.exporter;

import io.detektr.broker.Broker;
import io.detektr.broker.metrics.BrokerMetrics;
import io.detektr.broker.metrics.Destination;
import io.detektr.exporter.internal.client.ConsumeMeters;
import io.detektr.exporter.internal.client.GroupGauges;
import io.detektr.exporter.internal.client.PublishMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The broker-api metrics hook recorded with Micrometer. Pass it to {@link
 * io.detektr.broker.BrokerConfig.Builder#metrics} and every publish and delivery of that broker is
 * counted under the names of the design: {@code broker.messages.published}, {@code
 * broker.messages.consumed} (tag {@code outcome} = ack|retry|dead_letter), {@code
 * broker.messages.dropped}, {@code broker.publish.failures} (tag {@code error}), the timers {@code
 * broker.publish.latency} and {@code broker.end_to_end.latency} (with percentile histograms, for
 * {@code histogram_quantile}), and for groups named with {@link #watchGroup} the gauges {@code
 * broker.consumer.lag} and {@code broker.pending}. Every meter has the tags {@code provider},
 * {@code topic} and {@code group} (empty on the publish side).
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * BrokerMetricsBridge metrics = new BrokerMetricsBridge(registry);
 * Broker broker = Brokers.connect(BrokerConfig.builder(url).metrics(metrics).build());
 * metrics.watchGroup(broker, "frames", "detector");
 * MetricsServer server = MetricsServer.start(registry, new InetSocketAddress(9121));
 * }</pre>
 *
 * <p>Meters are created once per {@link Destination} and cached, so the hot path is one map lookup
 * and an increment. Thread-safe.
 */
public final class BrokerMetricsBridge implements BrokerMetrics, AutoCloseable {
  /** How long group statistics are reused before {@link Broker#groupStats} is asked again. */
  public static final Duration DEFAULT_GROUP_STATS_TTL = Duration.ofSeconds(1);

  private final MeterRegistry registry;
  private final Map<Destination, PublishMeters> publishers = new ConcurrentHashMap<>();
  private final Map<Destination, ConsumeMeters> consumers = new ConcurrentHashMap<>();
  private final GroupGauges groups;

  public BrokerMetricsBridge(MeterRegistry registry) {
    this(registry, DEFAULT_GROUP_STATS_TTL);
  }

  /** {@code groupStatsTtl}: how long one {@link Broker#groupStats} answer feeds the gauges. */
  public BrokerMetricsBridge(MeterRegistry registry, Duration groupStatsTtl) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.groups = new GroupGauges(registry, groupStatsTtl);
  }

  /**
   * Publishes {@code broker.consumer.lag} and {@code broker.pending} for {@code group} on {@code
   * topic}, read from {@link Broker#groupStats} at most once per TTL, off the scrape thread and
   * with a bounded wait: a slow broker makes the gauges stale (NaN when never read), never the
   * scrape slow. Idempotent.
   */
  public void watchGroup(Broker broker, String topic, String group) {
    groups.watch(broker, topic, group);
  }

  @Override
  public void published(Destination destination, int bytes) {
    publish(destination).published().increment();
  }

  @Override
  public void publishConfirmed(Destination destination, long nanos) {
    publish(destination).latency().record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void publishFailed(Destination destination, String error) {
    publish(destination).failure(error).increment();
  }

  @Override
  public void delivered(Destination destination, int attempt, long endToEndNanos) {
    if (endToEndNanos >= 0) {
      consume(destination).endToEnd().record(endToEndNanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void acked(Destination destination, long handlerNanos) {
    consume(destination).acked().increment();
  }

  @Override
  public void retried(Destination destination) {
    consume(destination).retried().increment();
  }

  @Override
  public void deadLettered(Destination destination) {
    consume(destination).deadLettered().increment();
  }

  @Override
  public void dropped(Destination destination, long count) {
    publish(destination).dropped().increment(count);
  }

  /** Stops the background reads of group statistics; the meters stay registered. */
  @Override
  public void close() {
    groups.close();
  }

  private PublishMeters publish(Destination d) {
    PublishMeters m = publishers.get(d);
    return m != null ? m : publishers.computeIfAbsent(d, k -> new PublishMeters(registry, k));
  }

  private ConsumeMeters consume(Destination d) {
    ConsumeMeters m = consumers.get(d);
    return m != null ? m : consumers.computeIfAbsent(d, k -> new ConsumeMeters(registry, k));
  }
}
