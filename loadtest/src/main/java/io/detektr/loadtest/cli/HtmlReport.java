package io.detektr.loadtest.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.detektr.loadtest.LatencySummary;
import io.detektr.loadtest.Progress;
import io.detektr.loadtest.RunReport;
import io.detektr.loadtest.ThresholdResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --report run.html}: one self-contained page (no network access when opened) with the
 * configuration, the verdict, throughput out and in and the lag per second, and the latency
 * percentile distributions, drawn by uPlot (its WebJar's script and style inlined).
 */
final class HtmlReport {
  static final String UPLOT_VERSION = "1.6.30";
  private static final String UPLOT =
      "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private HtmlReport() {}

  static void write(RunReport report, List<Progress> samples, Path file) throws IOException {
    Files.writeString(file, render(report, samples, ZonedDateTime.now()));
  }

  static String render(RunReport report, List<Progress> samples, ZonedDateTime at) {
    String verdict = report.passed() ? "PASSED" : "FAILED";
    String subtitle =
        escape(
            report.provider()
                + " broker, "
                + at.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT)));
    return resource("report.html")
        .replace("__UPLOT_CSS__", resource(UPLOT + "uPlot.min.css"))
        .replace("__TITLE__", escape(report.provider() + " " + verdict))
        .replace("__SUBTITLE__", subtitle)
        .replace("__VERDICT_CLASS__", report.passed() ? "passed" : "failed")
        .replace("__VERDICT__", verdict)
        .replace("__TABLES__", tables(report))
        .replace("__DATA__", data(report, samples))
        // last: uPlot's script must not be searched for placeholders
        .replace(
            "__UPLOT_JS__",
            resource(UPLOT + "uPlot.iife.min.js").replace("</script", "<\\/script"));
  }

  private static String tables(RunReport r) {
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("sent", r.sent());
    results.put("confirmed", r.confirmed());
    results.put("failed", r.failed());
    results.put("received", r.received());
    results.put("lost", r.lost());
    results.put("duplicates", r.duplicates());
    results.put("out of order", r.outOfOrder());
    results.put("measured, s", String.format(Locale.ROOT, "%.1f", r.measuredSeconds()));
    results.put("publish rate, msg/s", String.format(Locale.ROOT, "%,.0f", r.publishRate()));
    results.put("receive rate, msg/s", String.format(Locale.ROOT, "%,.0f", r.receiveRate()));
    results.put("payload, bytes", r.payloadBytes());
    latency(results, "publish", r.publishLatency());
    latency(results, "end to end", r.endToEndLatency());
    if (r.firstFailure() != null) {
      results.put("first failure", r.firstFailure());
    }
    List<String> checks = new ArrayList<>();
    for (ThresholdResult t : r.thresholds()) {
      checks.add(
          "<tr><td>"
              + escape(t.name())
              + "</td><td class=\"n\">"
              + escape(t.limit())
              + "</td><td class=\"n\">"
              + escape(t.actual())
              + "</td><td>"
              + (t.passed() ? "ok" : "FAILED")
              + "</td></tr>");
    }
    return table("Configuration", r.config())
        + table("Results", results)
        + (checks.isEmpty()
            ? ""
            : "<table><tr><th>threshold</th><th>limit</th><th>actual</th><th></th></tr>"
                + String.join("", checks)
                + "</table>");
  }

  private static void latency(Map<String, Object> out, String name, LatencySummary s) {
    if (s != null && s.count() > 0) {
      out.put(
          name + " latency, us",
          String.format(
              Locale.ROOT,
              "p50 %d, p99 %d, p99.9 %d, max %d",
              s.p50(),
              s.p99(),
              s.p999(),
              s.max()));
    }
  }

  private static String table(String title, Map<String, ?> rows) {
    StringBuilder b = new StringBuilder("<table><tr><th colspan=\"2\">" + title + "</th></tr>");
    rows.forEach(
        (k, v) ->
            b.append("<tr><td>")
                .append(escape(k))
                .append("</td><td class=\"n\">")
                .append(escape(String.valueOf(v)))
                .append("</td></tr>"));
    return b.append("</table>").toString();
  }

  private static String data(RunReport r, List<Progress> samples) {
    List<Map<String, Object>> points = new ArrayList<>();
    for (Progress p : samples) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("t", p.elapsedSeconds());
      m.put("out", p.outRate());
      m.put("in", p.inRate());
      m.put("lag", p.lag());
      m.put("phase", p.phase().name());
      points.add(m);
    }
    Map<String, Object> latency = new LinkedHashMap<>();
    latency.put("publish", distribution(r.publishLatency()));
    latency.put("endToEnd", distribution(r.endToEndLatency()));
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("samples", points);
    all.put("latency", latency);
    try {
      // inside <script>: no "</" may end the element early
      return JSON.writeValueAsString(all).replace("</", "<\\/");
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> distribution(LatencySummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("percentiles", s == null ? List.of() : s.distribution().percentiles());
    m.put("micros", s == null ? List.of() : s.distribution().micros());
    return m;
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " missing from the loadtest jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
