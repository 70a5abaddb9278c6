package io.detektr.loadtest.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.detektr.broker.tck.harness.FreePorts;
import io.detektr.broker.tck.harness.RabbitServer;
import io.detektr.broker.tck.harness.RedisServer;
import io.detektr.exporter.BrokerCollectors;
import io.detektr.exporter.BrokerState;
import io.detektr.exporter.MetricsServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every panel of dashboards/message-broker.json shows data: a real Prometheus, run with the
 * project's prometheus.yml and alerts.yml (targets pointed at this test's processes, interval
 * shortened), scrapes for about a minute the standalone exporter watching a real redis-server, a
 * real RabbitMQ node's rabbitmq_prometheus plugin, and two running loadtests (the jar, with
 * --metrics-port) on Redis and on RabbitMQ; then every panel's queries, with the template variables
 * substituted as Grafana does for "All", are evaluated through Prometheus's HTTP API. A panel none
 * of whose queries returns a value fails the test. The result, panel by panel, is written to
 * target/dashboard-data.txt.
 */
class DashboardDataIT {
  private static final int SCRAPE_SECONDS = 2;
  private static final Duration OBSERVED = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  @Test
  void everyPanelOfTheDashboardShowsData() throws Exception {
    JsonNode dashboard = JSON.readTree(project("dashboards/message-broker.json").toFile());
    List<PanelQueries.Panel> panels = PanelQueries.of(dashboard, SCRAPE_SECONDS);
    assertThat(panels).hasSizeGreaterThan(20);

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    List<Process> processes = new ArrayList<>();
    try (RedisServer redis = RedisServer.start();
        RabbitServer rabbit = RabbitServer.builder().plugin("rabbitmq_prometheus").start();
        BrokerCollectors collectors =
            BrokerCollectors.builder()
                .broker(redis.uri())
                .streams(List.of("loadtest", "loadtest.dlq"))
                .build()
                .bindTo(registry);
        MetricsServer exporter =
            MetricsServer.start(registry, new InetSocketAddress("127.0.0.1", 0), collectors)) {
      assertThat(collectors.warmUp(Duration.ofSeconds(10))).allMatch(BrokerState::up);
      int redisLoad = FreePorts.next();
      int rabbitLoad = FreePorts.next();
      processes.add(loadtest(redis.uri(), redisLoad, "redis"));
      processes.add(loadtest(rabbit.uri(), rabbitLoad, "rabbitmq"));
      int port = FreePorts.next();
      Files.copy(project("config/prometheus/alerts.yml"), dir.resolve("alerts.yml"));
      String config =
          Files.readString(project("config/prometheus/prometheus.yml"))
              .replace("scrape_interval: 15s", "scrape_interval: " + SCRAPE_SECONDS + "s")
              .replace("evaluation_interval: 15s", "evaluation_interval: " + SCRAPE_SECONDS + "s")
              .replace("scrape_timeout: 10s", "scrape_timeout: " + SCRAPE_SECONDS + "s")
              .replace("exporter-bridge:9121", "127.0.0.1:" + exporter.port())
              .replace("rabbitmq:15692", "127.0.0.1:" + rabbit.prometheusPort())
              .replace(
                  "['frame-capture:9121', 'frame-buffer:9121', 'ai-detector:9121']",
                  "['127.0.0.1:" + redisLoad + "', '127.0.0.1:" + rabbitLoad + "']");
      assertThat(config)
          .as("every production target of prometheus.yml replaced by this test's")
          .doesNotContain("exporter-bridge:9121", "rabbitmq:15692", "frame-capture:9121");
      Files.writeString(dir.resolve("prometheus.yml"), config);
      Process prometheus =
          new ProcessBuilder(
                  "prometheus",
                  "--config.file=" + dir.resolve("prometheus.yml"),
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
      processes.add(prometheus);
      String api = "http://127.0.0.1:" + port + "/api/v1/";

      await("every target of prometheus.yml up")
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> values(api, "count(up == 1)").equals(List.of("5")));
      Thread.sleep(OBSERVED.toMillis()); // the data of a minute of running pipelines

      List<String> report = new ArrayList<>();
      List<String> empty = new ArrayList<>();
      for (PanelQueries.Panel panel : panels) {
        int withData = 0;
        for (String q : panel.queries()) {
          if (!values(api, q).isEmpty()) {
            withData++;
          }
        }
        String line =
            String.format(
                "%-48s %s (%d of %d queries with data)",
                panel.title(), withData > 0 ? "DATA" : "NO DATA", withData, panel.queries().size());
        report.add(line);
        if (withData == 0) {
          empty.add(panel.title() + ": " + panel.queries());
        }
      }
      for (String v : PanelQueries.variableQueries(dashboard, SCRAPE_SECONDS)) {
        List<String> labelValues = labelValues(api, v);
        report.add(String.format("%-48s %s", "variable " + v, labelValues));
        if (labelValues.isEmpty()) {
          empty.add("variable " + v);
        }
      }
      Files.write(Path.of("target", "dashboard-data.txt"), report);
      System.out.println(String.join("\n", report));

      assertThat(empty).as("panels without data:\n" + String.join("\n", report)).isEmpty();
      for (Process p : processes.subList(0, 2)) {
        assertThat(p.isAlive()).as("loadtest still running when the panels were read").isTrue();
      }
    } catch (AssertionError | RuntimeException e) {
      Path log = dir.resolve("prometheus.log");
      throw new AssertionError(
          "prometheus log:\n" + (Files.exists(log) ? Files.readString(log) : "(none)"), e);
    } finally {
      for (Process p : processes) {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor();
        }
      }
    }
  }

  /** The loadtest jar at a fixed rate, long enough to outlast the observation. */
  private Process loadtest(String broker, int metricsPort, String name) throws IOException {
    Path jar = Path.of("target", "loadtest.jar").toAbsolutePath();
    assertThat(jar).as("run mvn package first (failsafe runs after it)").isRegularFile();
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-jar",
            jar.toString(),
            "--broker",
            broker,
            "--rate",
            "200",
            "--duration",
            "3m",
            "--warmup",
            "0s",
            "--metrics-port",
            Integer.toString(metricsPort),
            "--quiet")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("loadtest-" + name + ".log").toFile())
        .start();
  }

  /** The values (not NaN) of every series {@code query} returns now. */
  private static List<String> values(String api, String query) throws IOException {
    JsonNode r = JSON.readTree(get(api + "query?query=" + encode(query)));
    if (!r.path("status").asText().equals("success")) {
      throw new AssertionError(query + ": " + r);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode series : r.path("data").path("result")) {
      String v = series.path("value").get(1).asText();
      if (!v.equals("NaN")) {
        out.add(v);
      }
    }
    return out;
  }

  /** {@code label_values(SELECTOR, LABEL)} as Grafana's Prometheus data source asks for it. */
  private static List<String> labelValues(String api, String variableQuery) throws IOException {
    String inner = variableQuery.substring("label_values(".length(), variableQuery.length() - 1);
    int comma = inner.lastIndexOf(',');
    String selector = inner.substring(0, comma).trim();
    String label = inner.substring(comma + 1).trim();
    JsonNode r = JSON.readTree(get(api + "label/" + label + "/values?match[]=" + encode(selector)));
    List<String> out = new ArrayList<>();
    r.path("data").forEach(v -> out.add(v.asText()));
    return out;
  }

  private static String get(String url) throws IOException {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Path project(String relative) {
    Path file =
        Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve(relative);
    assertThat(file).as(relative).exists();
    return file;
  }
}
