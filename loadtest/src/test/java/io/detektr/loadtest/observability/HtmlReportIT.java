package io.detektr.loadtest.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loadtest --report run.html}, opened in headless Chromium without network: the three charts
 * rendered with data, no error and no console message, nothing fetched from elsewhere. The
 * screenshot stays in target/report-screenshot.png.
 */
class HtmlReportIT {
  static final Path SCREENSHOT = Path.of("target", "report-screenshot.png");
  private static final Pattern POINTS =
      Pattern.compile("id=\"(\\w+)\" class=\"chart\" data-points=\"(\\d+)\"");

  @TempDir Path dir;

  @Test
  void theReportOpensWithoutNetworkAndShowsChartsWithData() throws Exception {
    Path html = dir.resolve("run.html");
    String out =
        loadtest(
            "--rate",
            "2000",
            "--duration",
            "6s",
            "--warmup",
            "1s",
            "--quiet",
            "--report",
            html.toString());
    assertThat(out).contains("PASSED").contains("HTML report: " + html);
    String page = Files.readString(html);
    assertThat(page)
        .as("no resource from elsewhere")
        .doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?(https?:)?//")
        .contains("<td>broker</td><td class=\"n\">mem://</td>");

    HeadlessChromium chromium = new HeadlessChromium(dir);
    HeadlessChromium.Page loaded = chromium.dumpDom(html);

    assertThat(loaded.dom())
        .containsPattern("<body[^>]* data-charts-rendered=\"3\"")
        .doesNotContainPattern("<body[^>]* data-error=");
    assertThat(HeadlessChromium.consoleMessages(loaded.log())).isEmpty();
    assertThat(count(loaded.dom(), "<canvas")).isGreaterThanOrEqualTo(3);
    List<String> charts = new ArrayList<>();
    Matcher m = POINTS.matcher(loaded.dom());
    while (m.find()) {
      charts.add(m.group(1));
      assertThat(Integer.parseInt(m.group(2)))
          .as("points of chart %s", m.group(1))
          .isGreaterThan(3);
    }
    assertThat(charts).containsExactly("throughput", "lag", "latency");

    Path png = dir.resolve("report.png");
    chromium.screenshot(html, png);
    assertThat(Files.size(png)).isGreaterThan(20_000);
    Files.createDirectories(SCREENSHOT.getParent());
    Files.copy(png, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(html, Path.of("target", "report-example.html"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void theCheckSeesAPageWhoseScriptFails() throws Exception {
    Path html = dir.resolve("broken.html");
    Files.writeString(
        html,
        "<html><body><script>window.addEventListener('error', function (e) {"
            + " document.body.setAttribute('data-error', e.message); });</script>"
            + "<script>console.error('chart failed'); undefinedFunction();</script></body></html>");

    HeadlessChromium.Page loaded = new HeadlessChromium(dir).dumpDom(html);

    assertThat(loaded.dom())
        .containsPattern("<body[^>]* data-error=\"[^\"]*undefinedFunction")
        .doesNotContain("data-charts-rendered");
    assertThat(HeadlessChromium.consoleMessages(loaded.log())).isNotEmpty();
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private String loadtest(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                Path.of("target", "loadtest.jar").toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    Path log = dir.resolve("loadtest.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(log);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
