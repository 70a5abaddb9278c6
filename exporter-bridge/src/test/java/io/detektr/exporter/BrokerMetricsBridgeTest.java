package io.detektr.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.metrics.Destination;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The metrics hook recorded with Micrometer, driven by real in-memory broker traffic. */
class BrokerMetricsBridgeTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private ClientTraffic traffic;

  @AfterEach
  void close() {
    if (traffic != null) {
      traffic.close();
    }
  }

  @Test
  void countsPublishesAndOutcomesUnderTheDesignNames() {
    traffic = ClientTraffic.run(registry);
    String scrape = registry.scrape();

    assertThat(scrape)
        .contains(
            "broker_messages_published_total{group=\"\",provider=\"mem\",topic=\"frames\"} "
                + (ClientTraffic.FRAMES + 1)
                + ".0")
        .contains(
            "broker_messages_consumed_total{group=\"detector\",outcome=\"ack\","
                + "provider=\"mem\",topic=\"frames\"} "
                + ClientTraffic.FRAMES
                + ".0")
        .contains(
            "broker_messages_consumed_total{group=\"detector\",outcome=\"retry\","
                + "provider=\"mem\",topic=\"frames\"} 1.0")
        .contains(
            "broker_messages_consumed_total{group=\"detector\",outcome=\"dead_letter\","
                + "provider=\"mem\",topic=\"frames\"} 1.0")
        .contains(
            "broker_publish_failures_total{error=\"MessageTooLargeException\",group=\"\","
                + "provider=\"mem\",topic=\"frames\"} 1.0")
        .contains(
            "broker_messages_dropped_total{group=\"\",provider=\"mem\","
                + "topic=\"thumbnails\"} 5.0");
  }

  @Test
  void latenciesArePercentileHistogramsInSeconds() {
    traffic = ClientTraffic.run(registry);
    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("# TYPE broker_publish_latency_seconds histogram")
        .contains("# TYPE broker_end_to_end_latency_seconds histogram")
        .containsPattern(
            "broker_publish_latency_seconds_bucket\\{group=\"\",provider=\"mem\","
                + "topic=\"frames\",le=\"5\\.0E-5\"")
        .contains(
            "broker_publish_latency_seconds_count{group=\"\",provider=\"mem\","
                + "topic=\"frames\"} "
                + (ClientTraffic.FRAMES + 1))
        .containsPattern(
            "broker_end_to_end_latency_seconds_bucket\\{group=\"detector\","
                + "provider=\"mem\",topic=\"frames\",le=");
  }

  @Test
  void groupGaugesReadGroupStatsOfWatchedGroups() {
    traffic = ClientTraffic.run(registry);
    traffic.broker.declareGroup("frames", "archiver");
    traffic.metrics.watchGroup(traffic.broker, "frames", "archiver");
    traffic
        .broker
        .publisher("frames")
        .publish(io.detektr.broker.Message.of("late"))
        .toCompletableFuture()
        .join();

    assertThat(registry.get("broker.consumer.lag").tag("group", "archiver").gauge().value())
        .isEqualTo(1.0);
    assertThat(registry.get("broker.pending").tag("group", "archiver").gauge().value())
        .isEqualTo(0.0);
  }

  @Test
  void metersAreCreatedOncePerDestination() {
    BrokerMetricsBridge bridge = new BrokerMetricsBridge(registry);
    Destination d = Destination.publisher("redis", "frames");
    bridge.published(d, 10);
    int meters = registry.getMeters().size();
    for (int i = 0; i < 1000; i++) {
      bridge.published(d, 10);
      bridge.publishConfirmed(d, 300_000);
    }
    assertThat(registry.getMeters()).hasSize(meters);
    assertThat(registry.get("broker.messages.published").counter().count()).isEqualTo(1001);
    assertThat(registry.get("broker.publish.latency").timer().count()).isEqualTo(1000);
    bridge.close();
  }
}
