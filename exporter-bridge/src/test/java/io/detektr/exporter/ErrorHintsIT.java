package io.detektr.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.tck.harness.RedisServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reason of a failed scrape points at the real cause: a database number Redis does not have, a
 * wrong BROKER_PASSWORD. Before, both showed the driver's bare message.
 */
class ErrorHintsIT {
  @Test
  void aDatabaseNumberRedisDoesNotHaveSaysSo() {
    try (RedisServer redis = RedisServer.start()) {
      String scrape = scrape(redis.uri() + "/99", Map.of());

      assertThat(scrape)
          .contains("redis_up 0.0")
          .contains("Redis has no database 99 (its 'databases' setting is lower)");
    }
  }

  @Test
  void aWrongBrokerPasswordNamesTheVariable() {
    try (RedisServer redis = RedisServer.start()) {
      String scrape =
          scrape("redis://127.0.0.1:" + redis.port(), Map.of("BROKER_PASSWORD", "not-the-one"));

      assertThat(scrape)
          .contains("redis_up 0.0")
          .contains("Redis refused the credentials: check BROKER_PASSWORD")
          .doesNotContain("not-the-one");
    }
  }

  private static String scrape(String uri, Map<String, String> env) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (BrokerCollectors c =
        BrokerCollectors.builder().environment(env).broker(uri).build().bindTo(registry)) {
      c.warmUp(Duration.ofSeconds(10));
      return registry.scrape();
    }
  }
}
