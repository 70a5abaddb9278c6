package io.detektr.loadtest.observability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The queries of a Grafana dashboard's panels with template variables replaced as Grafana does for
 * the selection "All" of every variable ({@code allValue}), and {@code $__rate_interval} as Grafana
 * computes it for a data source scraped every {@code scrapeSeconds}: at least four scrape
 * intervals.
 */
final class PanelQueries {
  /** A panel: title and its queries, ready for Prometheus. */
  record Panel(String title, List<String> queries) {}

  private PanelQueries() {}

  static List<Panel> of(JsonNode dashboard, int scrapeSeconds) {
    List<Panel> out = new ArrayList<>();
    collect(dashboard, dashboard.path("panels"), scrapeSeconds, out);
    return out;
  }

  /** The query variables' queries ({@code label_values(METRIC, LABEL)}), substituted. */
  static List<String> variableQueries(JsonNode dashboard, int scrapeSeconds) {
    List<String> out = new ArrayList<>();
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if (v.path("type").asText().equals("query")) {
        out.add(substitute(dashboard, v.path("definition").asText(), scrapeSeconds));
      }
    }
    return out;
  }

  private static void collect(JsonNode dashboard, JsonNode panels, int scrape, List<Panel> out) {
    for (JsonNode p : panels) {
      if (!p.path("type").asText().equals("row")) {
        List<String> queries = new ArrayList<>();
        p.path("targets")
            .forEach(t -> queries.add(substitute(dashboard, t.path("expr").asText(), scrape)));
        out.add(new Panel(p.path("title").asText(), queries));
      }
      collect(dashboard, p.path("panels"), scrape, out); // collapsed rows nest their panels
    }
  }

  static String substitute(JsonNode dashboard, String expr, int scrapeSeconds) {
    String s = expr.replace("$__rate_interval", (4 * scrapeSeconds) + "s");
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if (v.path("type").asText().equals("query")) {
        String all = v.path("allValue").asText(".*");
        s =
            s.replace("${" + v.path("name").asText() + "}", all)
                .replace("$" + v.path("name").asText(), all);
      }
    }
    return s;
  }
}
