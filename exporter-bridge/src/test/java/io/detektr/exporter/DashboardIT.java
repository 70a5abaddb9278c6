package io.detektr.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.detektr.broker.tck.harness.TestServers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every exporter metric (broker_*, redis_*) in every query of dashboards/message-broker.json
 * (panels and variables) is present in a real scrape of an exporter attached to Redis and a busy
 * broker client (RabbitMQ's come from its own plugin: RabbitPluginIT; that every panel shows data
 * with a real Prometheus: loadtest's DashboardDataIT). The dashboard keeps the original setup's uid
 * and title, and its panels' units and value mappings fit what they show.
 */
@ExtendWith({TestServers.class, ManagedRabbit.class})
class DashboardIT {
  private static final Pattern METRIC = Pattern.compile("\\b(?:broker|redis)_[a-z0-9_]+");

  @Test
  void everyMetricOfEveryPanelQueryExistsInALiveScrape() throws IOException {
    JsonNode dashboard =
        new ObjectMapper().readTree(Tools.projectFile("dashboards/message-broker.json").toFile());
    List<String> queries = new ArrayList<>();
    collectQueries(dashboard.path("panels"), queries);
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        queries.add(variable.path("definition").asText());
      }
    }
    Set<String> names = new TreeSet<>();
    for (String q : queries) {
      Matcher m = METRIC.matcher(q);
      while (m.find()) {
        names.add(m.group());
      }
    }
    assertThat(names).as("metric names found in the dashboard").hasSizeGreaterThan(25);

    String scrape;
    try (LiveExporter exporter = LiveExporter.startSeeded()) {
      scrape = exporter.scrape();
    }
    List<String> missing =
        names.stream()
            .filter(n -> !Pattern.compile("(?m)^" + n + "[{ ]").matcher(scrape).find())
            .toList();
    assertThat(missing).as("dashboard metrics absent from a live scrape").isEmpty();
  }

  @Test
  void dataSourceTopicAndGroupAreVariablesThatEveryQueryUses() throws IOException {
    JsonNode dashboard =
        new ObjectMapper().readTree(Tools.projectFile("dashboards/message-broker.json").toFile());
    List<String> variables = new ArrayList<>();
    dashboard
        .path("templating")
        .path("list")
        .forEach(v -> variables.add(v.path("type").asText() + ":" + v.path("name").asText()));
    assertThat(variables).contains("datasource:datasource", "query:topic", "query:group");

    List<JsonNode> targets = new ArrayList<>();
    collectTargets(dashboard.path("panels"), targets);
    assertThat(targets)
        .isNotEmpty()
        .allSatisfy(
            t -> assertThat(t.path("datasource").path("uid").asText()).isEqualTo("${datasource}"));
  }

  @Test
  void keepsTheOriginalUidAndTitleAndItsUnitsAndMappingsFit() throws IOException {
    JsonNode dashboard =
        new ObjectMapper().readTree(Tools.projectFile("dashboards/message-broker.json").toFile());
    assertThat(dashboard.path("uid").asText()).isEqualTo("broker-metrics");
    assertThat(dashboard.path("title").asText()).isEqualTo("Message Broker Metrics");

    List<JsonNode> panels = new ArrayList<>();
    collectPanels(dashboard.path("panels"), panels);
    List<String> wrong = new ArrayList<>();
    for (JsonNode p : panels) {
      String title = p.path("title").asText();
      JsonNode defaults = p.path("fieldConfig").path("defaults");
      String unit = defaults.path("unit").asText();
      if (p.path("type").asText().equals("stat")) {
        if (defaults.path("mappings").size() == 0
            || defaults.path("thresholds").path("steps").size() < 2) {
          wrong.add(title + ": a stat of 0/1 needs value mappings and thresholds");
        }
      }
      for (JsonNode t : p.path("targets")) {
        String expr = t.path("expr").asText();
        String kind = kind(expr);
        if (!kind.isEmpty() && !unitFits(kind, unit)) {
          wrong.add(title + ": unit " + unit + " for " + kind + " (" + expr + ")");
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  /** What a query measures, by the names it uses; "" when it does not say. */
  private static String kind(String expr) {
    if (expr.startsWith("histogram_quantile(") && expr.contains("_seconds_bucket")) {
      return "seconds";
    }
    if (expr.contains("rate(")) {
      return expr.contains("_bytes_total") ? "bytes/s" : expr.contains("_seconds_") ? "" : "per s";
    }
    if (expr.contains("_seconds") && !expr.contains("timestamp")) {
      return "seconds";
    }
    if (expr.contains("consumers") || expr.contains("_lag") || expr.contains("pending")) {
      return "count";
    }
    if (expr.contains(" / ") && expr.contains("_bytes")) {
      return "ratio";
    }
    if (expr.contains("_bytes")) {
      return "bytes";
    }
    return "";
  }

  private static boolean unitFits(String kind, String unit) {
    return switch (kind) {
      case "bytes/s" -> unit.equals("Bps");
      case "per s" -> unit.equals("ops");
      case "seconds" -> unit.equals("s");
      case "count" -> unit.equals("short");
      case "ratio" -> unit.equals("percentunit");
      case "bytes" -> unit.equals("bytes") || unit.equals("decbytes");
      default -> true;
    };
  }

  private static void collectPanels(JsonNode panels, List<JsonNode> out) {
    for (JsonNode panel : panels) {
      if (!panel.path("type").asText().equals("row")) {
        out.add(panel);
      }
      collectPanels(panel.path("panels"), out);
    }
  }

  private static void collectQueries(JsonNode panels, List<String> out) {
    List<JsonNode> targets = new ArrayList<>();
    collectTargets(panels, targets);
    targets.forEach(t -> out.add(t.path("expr").asText()));
  }

  private static void collectTargets(JsonNode panels, List<JsonNode> out) {
    for (JsonNode panel : panels) {
      panel.path("targets").forEach(out::add);
      collectTargets(panel.path("panels"), out); // collapsed rows nest their panels
    }
  }
}
