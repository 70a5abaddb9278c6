package io.detektr.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.detektr.broker.tck.harness.FreePorts;
import io.detektr.broker.tck.harness.TestServers;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server scrapes the exporter (with the project's alert rules loaded) and answers
 * queries of a server metric and a broker client metric through its HTTP API.
 */
@ExtendWith({TestServers.class, ManagedRabbit.class})
class PrometheusServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void prometheusScrapesTheExporterAndAnswersQueries() throws Exception {
    String prometheus = Tools.program("prometheus", "prometheus");
    try (LiveExporter exporter = LiveExporter.startSeeded()) {
      int port = FreePorts.next();
      Files.writeString(
          dir.resolve("prometheus.yml"),
          String.join(
              "\n",
              "global: {scrape_interval: 1s, evaluation_interval: 1s}",
              "rule_files: ['" + Tools.projectFile("config/prometheus/alerts.yml") + "']",
              "scrape_configs:",
              "  - job_name: broker-exporter",
              "    static_configs: [{targets: ['127.0.0.1:" + exporter.server.port() + "']}]",
              ""));
      Process server =
          new ProcessBuilder(
                  prometheus,
                  "--config.file=" + dir.resolve("prometheus.yml"),
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
      String api = "http://127.0.0.1:" + port + "/api/v1/";
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .untilAsserted(() -> assertThat(value(api, "redis_up")).isEqualTo("1"));
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .untilAsserted(
                () ->
                    assertThat(value(api, "broker_messages_published_total{topic=\"frames\"}"))
                        .isEqualTo(Integer.toString(ClientTraffic.FRAMES + 1)));
        assertThat(value(api, "rabbitmq_up")).isEqualTo("1");
        assertThat(value(api, "up{job=\"broker-exporter\"}")).isEqualTo("1");
        // the percentile queries of the dashboard work on the exporter's histograms
        assertThat(
                value(
                    api,
                    "histogram_quantile(0.99, sum by (le) (broker_publish_latency_"
                        + "seconds_bucket{topic=\"frames\"}))"))
            .isNotEqualTo("NaN");
        assertThat(Http.get(api + "rules"))
            .contains("\"name\":\"message-broker\"")
            .contains("RedisPersistenceFailing");
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "prometheus log:\n" + Files.readString(dir.resolve("prometheus.log")), e);
      } finally {
        server.destroy();
        if (!server.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          server.destroyForcibly().waitFor();
        }
        deleteData();
      }
    }
  }

  /** The value of the single series {@code query} returns. */
  private static String value(String api, String query) throws IOException {
    JsonNode r =
        JSON.readTree(
            Http.get(api + "query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)));
    JsonNode result = r.path("data").path("result");
    assertThat(result.size()).as("series of %s: %s", query, r).isEqualTo(1);
    return result.get(0).path("value").get(1).asText();
  }

  private void deleteData() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
