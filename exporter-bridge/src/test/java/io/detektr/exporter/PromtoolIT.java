package io.detektr.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.tck.harness.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real promtool judges a live scrape, the alert rules and the Prometheus config. */
@ExtendWith({TestServers.class, ManagedRabbit.class})
class PromtoolIT {
  private final String promtool = Tools.program("promtool", "prometheus");

  @Test
  void aLiveScrapeOfRedisRabbitAndClientMetricsPassesCheckMetrics() {
    try (LiveExporter exporter = LiveExporter.startSeeded()) {
      String scrape = exporter.scrape();
      assertThat(scrape)
          .contains("redis_up 1.0")
          .contains("rabbitmq_up 1.0")
          .contains("broker_messages_published_total");

      Tools.Result check = Tools.run(scrape, promtool, "check", "metrics");

      assertThat(check.exitCode()).as(check.output()).isZero();
      assertThat(check.output()).isBlank();
    }
  }

  @Test
  void alertRulesPassCheckRules() {
    Tools.Result r =
        Tools.run(
            null,
            promtool,
            "check",
            "rules",
            Tools.projectFile("config/prometheus/alerts.yml").toString());
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS: 12 rules found");
  }

  @Test
  void alertRulesFireAsTheirUnitTestsExpect() {
    Tools.Result r =
        Tools.run(
            null,
            promtool,
            "test",
            "rules",
            Tools.projectFile("config/prometheus/alerts.test.yml").toString());
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  @Test
  void scrapeConfigPassesCheckConfig() {
    Tools.Result r =
        Tools.run(
            null,
            promtool,
            "check",
            "config",
            Tools.projectFile("config/prometheus/prometheus.yml").toString());
    assertThat(r.exitCode()).as(r.output()).isZero();
  }
}
