package io.detektr.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.detektr.broker.tck.harness.RedisServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code /health} tells whether every broker answered its last scrape (200) or which did not (503);
 * {@code /health/live} stays 200 while the process serves. Before, /health said UP whatever the
 * brokers did.
 */
class HealthIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void healthIs200WithTheBrokersWhileTheyAnswerAnd503NamingTheOneThatDoesNot() throws Exception {
    try (RedisServer redis = RedisServer.start();
        BrokerCollectors collectors =
            BrokerCollectors.builder()
                .broker(redis.uri())
                .scrapeTimeout(Duration.ofSeconds(1))
                .build()
                .bindTo(registry);
        MetricsServer server =
            MetricsServer.start(registry, new InetSocketAddress("127.0.0.1", 0), collectors)) {
      String base = "http://127.0.0.1:" + server.port();
      assertThat(collectors.warmUp(Duration.ofSeconds(10))).allMatch(BrokerState::up);

      HttpResponse<String> healthy = Http.get(base + "/health", null);
      assertThat(healthy.statusCode()).as(healthy.body()).isEqualTo(200);
      JsonNode up = JSON.readTree(healthy.body());
      assertThat(up.path("status").asText()).isEqualTo("UP");
      assertThat(up.path("brokers").get(0).path("broker").asText()).contains(":" + redis.port());
      assertThat(up.path("brokers").get(0).path("up").asBoolean()).isTrue();

      redis.kill();
      assertThat(registry.scrape()).contains("redis_up 0.0");

      HttpResponse<String> failing = Http.get(base + "/health", null);
      assertThat(failing.statusCode()).as(failing.body()).isEqualTo(503);
      JsonNode down = JSON.readTree(failing.body());
      assertThat(down.path("status").asText()).isEqualTo("DOWN");
      assertThat(down.path("brokers").get(0).path("up").asBoolean()).isFalse();
      assertThat(down.path("brokers").get(0).path("error").asText()).isNotBlank();

      HttpResponse<String> live = Http.get(base + "/health/live", null);
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
    }
  }
}
