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
 * Every metric name in every query of dashboards/message-broker.json (panels and variables) is
 * present in a real scrape of an exporter attached to Redis, RabbitMQ and a busy broker client.
 */
@ExtendWith({TestServers.class, ManagedRabbit.class})
class DashboardIT {
  private static final Pattern METRIC = Pattern.compile("\\b(?:broker|redis|rabbitmq)_[a-z0-9_]+");

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
    assertThat(names).as("metric names found in the dashboard").hasSizeGreaterThan(20);

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
