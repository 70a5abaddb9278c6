package io.detektr.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.detektr.broker.Broker;
import io.detektr.broker.Brokers;
import io.detektr.broker.tck.harness.FreePorts;
import io.detektr.broker.tck.harness.RabbitServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RabbitMQ through its own rabbitmq_prometheus plugin: a real Prometheus, run with the project's
 * prometheus.yml (only the targets pointed at a private node with the plugin, the interval
 * shortened) and alerts.yml, finds every rabbitmq_* metric the dashboard and the alert rules name;
 * when the node stops, {@code up{job="rabbitmq"}} drops to 0 and RabbitMQDown becomes pending (that
 * it fires after its minute is {@code promtool test rules}' part). Before, nothing scraped the
 * plugin and RabbitMQDown watched a metric of the exporter's.
 */
class RabbitPluginIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("\\brabbitmq_[a-z0-9_]+");

  @TempDir Path dir;

  @Test
  void prometheusFindsEveryRabbitMetricOfTheDashboardAndAlertsAndRabbitMqDownGoesPending()
      throws Exception {
    Set<String> names = new TreeSet<>();
    // the queries only: descriptions name the plugin (rabbitmq_prometheus) too
    JSON.readTree(Tools.projectFile("dashboards/message-broker.json").toFile())
        .findValues("expr")
        .forEach(e -> names.addAll(names(e.asText())));
    Files.readAllLines(Tools.projectFile("config/prometheus/alerts.yml")).stream()
        .filter(l -> l.trim().startsWith("expr:"))
        .forEach(l -> names.addAll(names(l)));
    assertThat(names).hasSizeGreaterThan(10);

    String prometheus = Tools.program("prometheus", "prometheus");
    try (RabbitServer node = RabbitServer.builder().plugin("rabbitmq_prometheus").start()) {
      int port = FreePorts.next();
      Files.copy(Tools.projectFile("config/prometheus/alerts.yml"), dir.resolve("alerts.yml"));
      Files.writeString(
          dir.resolve("prometheus.yml"),
          Files.readString(Tools.projectFile("config/prometheus/prometheus.yml"))
              .replace("scrape_interval: 15s", "scrape_interval: 1s")
              .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
              .replace("scrape_timeout: 10s", "scrape_timeout: 1s")
              .replace("rabbitmq:15692", "127.0.0.1:" + node.prometheusPort()));
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
            .untilAsserted(
                () -> {
                  assertThat(series(api, "up{job=\"rabbitmq\"} == 1")).isEqualTo(1);
                  assertThat(series(api, "up{job=\"rabbitmq-queues\"} == 1")).isEqualTo(1);
                });
        // a queue, so that the per-queue families have a series
        try (Broker broker = Brokers.connect(node.uri())) {
          broker.declareGroup("frames", "detector");
          await()
              .atMost(Duration.ofSeconds(30))
              .ignoreExceptions()
              .untilAsserted(
                  () -> {
                    List<String> missing = new ArrayList<>();
                    for (String n : names) {
                      if (series(api, n) == 0) {
                        missing.add(n);
                      }
                    }
                    assertThat(missing).as("rabbitmq metrics without a series").isEmpty();
                  });
        }

        node.kill();
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .untilAsserted(
                () ->
                    assertThat(
                            series(
                                api,
                                "ALERTS{alertname=\"RabbitMQDown\",alertstate=\"pending\","
                                    + "job=\"rabbitmq\"}"))
                        .isEqualTo(1));
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "prometheus log:\n" + Files.readString(dir.resolve("prometheus.log")), e);
      } finally {
        server.destroy();
        if (!server.waitFor(20, TimeUnit.SECONDS)) {
          server.destroyForcibly().waitFor();
        }
      }
    }
  }

  private static Set<String> names(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = NAME.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private static int series(String api, String query) throws IOException {
    JsonNode r =
        JSON.readTree(
            Http.get(api + "query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)));
    return r.path("data").path("result").size();
  }
}
