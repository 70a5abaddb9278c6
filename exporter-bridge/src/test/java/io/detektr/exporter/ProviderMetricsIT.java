package io.detektr.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.Brokers;
import io.detektr.broker.Message;
import io.detektr.broker.Publisher;
import io.detektr.broker.tck.harness.TestServers;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bridge with the real providers: client metrics tagged with the provider, and on Redis the
 * client's view of a group (broker_consumer_lag) next to the server's (redis_stream_group_lag).
 */
@ExtendWith({TestServers.class, ManagedRabbit.class})
class ProviderMetricsIT {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void redisClientAndServerMetricsDescribeTheSameGroup() {
    String topic = "frames-" + UUID.randomUUID();
    String uri = TestServers.redisUri();
    try (BrokerMetricsBridge metrics = new BrokerMetricsBridge(registry, Duration.ZERO);
        Broker broker = Brokers.connect(BrokerConfig.builder(uri).metrics(metrics).build());
        BrokerCollectors server =
            BrokerCollectors.builder()
                .broker(uri)
                .streams(List.of(topic))
                .build()
                .bindTo(registry)) {
      broker.declareGroup(topic, "idle-group");
      metrics.watchGroup(broker, topic, "idle-group");
      publishAndConsume(broker, topic, 10);

      String scrape = registry.scrape();
      assertThat(scrape)
          .contains(
              "broker_messages_published_total{group=\"\",provider=\"redis\",topic=\""
                  + topic
                  + "\"} 10.0")
          .contains(
              "broker_consumer_lag{group=\"idle-group\",provider=\"redis\",topic=\""
                  + topic
                  + "\"} 10.0")
          .contains(
              "redis_stream_group_lag{db=\"db0\",group=\"idle-group\",stream=\""
                  + topic
                  + "\"} 10.0");
    }
  }

  @Test
  void rabbitMqClientMetricsCarryTheProviderTag() {
    String topic = "frames-" + UUID.randomUUID();
    try (BrokerMetricsBridge metrics = new BrokerMetricsBridge(registry);
        Broker broker =
            Brokers.connect(
                BrokerConfig.builder(ManagedRabbit.server().uri()).metrics(metrics).build())) {
      publishAndConsume(broker, topic, 10);

      assertThat(registry.scrape())
          .contains(
              "broker_messages_published_total{group=\"\",provider=\"rabbitmq\",topic=\""
                  + topic
                  + "\"} 10.0")
          .containsPattern(
              "broker_publish_latency_seconds_count\\{group=\"\","
                  + "provider=\"rabbitmq\",topic=\""
                  + topic
                  + "\"} 10");
    }
  }

  private void publishAndConsume(Broker broker, String topic, int count) {
    broker.declareGroup(topic, "detector");
    Publisher p = broker.publisher(topic);
    for (int i = 0; i < count; i++) {
      p.publish(Message.of("frame-" + i)).toCompletableFuture().join();
    }
    broker.subscribe(topic, "detector", d -> {});
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var c =
                  registry
                      .find("broker.messages.consumed")
                      .tag("topic", topic)
                      .tag("outcome", "ack")
                      .counter();
              return c != null && c.count() == count;
            });
  }
}
