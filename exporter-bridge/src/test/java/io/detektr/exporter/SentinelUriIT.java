package io.detektr.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.tck.harness.RedisServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The README's {@code redis-sentinel://...?masterId=NAME} works for the exporter as for the
 * provider: the exporter asks a real sentinel for the master and reads it. Before the exporter
 * parsed Redis URIs with the provider's grammar, it refused this URI (exit 2).
 */
class SentinelUriIT {
  @Test
  void readsTheMasterTheSentinelNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (RedisServer master = RedisServer.builder().start();
        RedisServer sentinel =
            RedisServer.builder()
                .sentinel("sentinel monitor frames 127.0.0.1 " + master.port() + " 1\n")
                .start();
        BrokerCollectors c =
            BrokerCollectors.builder()
                .broker("redis-sentinel://127.0.0.1:" + sentinel.port() + "/0?masterId=frames")
                .build()
                .bindTo(registry)) {
      master.command("SET", "sentinel-test", "1");
      assertThat(c.warmUp(Duration.ofSeconds(10))).allMatch(BrokerState::up);

      assertThat(registry.scrape())
          .contains("redis_up 1.0")
          .containsPattern("redis_db_keys\\{db=\"db0\"} [1-9]");
    }
  }
}
