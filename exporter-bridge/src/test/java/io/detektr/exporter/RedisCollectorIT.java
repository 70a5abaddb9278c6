package io.detektr.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.detektr.broker.tck.harness.RedisServer;
import io.detektr.broker.tck.harness.TestServers;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Redis collector against a real redis-server: redis_exporter's names, labels and values. */
@ExtendWith(TestServers.class)
class RedisCollectorIT {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void reportsInfoAndStreamsUnderRedisExporterNames() {
    String uri = TestServers.redisUri();
    Seed.redisStream(uri, "cam-frames", 5);
    try (BrokerCollectors c =
        BrokerCollectors.builder()
            .broker(uri)
            .streams(List.of("cam-frames", "not-created-yet"))
            .build()
            .bindTo(registry)) {
      String scrape = registry.scrape();

      assertThat(scrape)
          .contains("redis_up 1.0")
          .contains("redis_exporter_last_scrape_error{err=\"\"} 0.0")
          .containsPattern("redis_exporter_last_scrape_duration_seconds [0-9.E-]+")
          .containsPattern("redis_connected_clients [1-9]")
          .containsPattern("redis_memory_used_bytes [1-9]")
          .contains("redis_memory_max_bytes ")
          .containsPattern("redis_commands_processed_total [1-9]")
          .contains("redis_rdb_last_bgsave_status ")
          .containsPattern("redis_db_keys\\{db=\"db0\"} [1-9]")
          .contains("redis_stream_length{db=\"db0\",stream=\"cam-frames\"} 5.0")
          .contains("redis_stream_groups{db=\"db0\",stream=\"cam-frames\"} 2.0")
          .contains(
              "redis_stream_group_lag{db=\"db0\",group=\"detector\",stream=\"cam-frames\"}"
                  + " 3.0")
          .contains(
              "redis_stream_group_lag{db=\"db0\",group=\"archiver\",stream=\"cam-frames\"}"
                  + " 5.0")
          .contains(
              "redis_stream_group_messages_pending{db=\"db0\",group=\"detector\","
                  + "stream=\"cam-frames\"} 2.0")
          .contains(
              "redis_stream_group_consumers{db=\"db0\",group=\"detector\","
                  + "stream=\"cam-frames\"} 1.0")
          .contains(
              "redis_stream_group_consumer_messages_pending{consumer=\"det-1\",db=\"db0\","
                  + "group=\"detector\",stream=\"cam-frames\"} 2.0")
          .containsPattern(
              "redis_stream_group_consumer_idle_seconds\\{consumer=\"det-1\","
                  + "db=\"db0\",group=\"detector\",stream=\"cam-frames\"} [0-9.E-]+")
          .doesNotContain("not-created-yet");
    }
  }

  @Test
  void aDeadRedisIsUpZeroWithTheReasonAndComesBack() {
    try (RedisServer redis = RedisServer.start();
        BrokerCollectors c =
            BrokerCollectors.builder()
                .broker(redis.uri())
                .scrapeTimeout(Duration.ofSeconds(1))
                .build()
                .bindTo(registry)) {
      assertThat(registry.scrape()).contains("redis_up 1.0");

      redis.kill();
      String down = registry.scrape();
      assertThat(down)
          .contains("redis_up 0.0")
          .containsPattern("redis_exporter_last_scrape_error\\{err=\"[^\"]+\"} 1.0")
          .doesNotContain("redis_connected_clients ");

      redis.restart();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> registry.scrape().contains("redis_up 1.0"));
    }
  }

  @Test
  void anUnreachableRedisNeverHoldsTheScrapeBeyondTheTimeout() throws Exception {
    int closedPort = io.detektr.broker.tck.harness.FreePorts.next();
    try (BrokerCollectors c =
            BrokerCollectors.builder()
                .broker("redis://127.0.0.1:" + closedPort)
                .scrapeTimeout(Duration.ofMillis(500))
                .build()
                .bindTo(registry);
        MetricsServer server =
            MetricsServer.start(registry, new java.net.InetSocketAddress("127.0.0.1", 0))) {
      var response = Http.get("http://127.0.0.1:" + server.port() + "/metrics", null);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("redis_up 0.0");
    }
  }
}
