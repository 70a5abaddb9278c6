package io.detektr.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.tck.harness.TestServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The first scrape of a freshly started exporter jar (a cold JVM: Lettuce, Netty and the connection
 * not loaded yet) with a short scrape timeout. Before the exporter connected at start, this scrape
 * reported a reachable Redis as {@code redis_up 0} and took 1.4-2.2 s for a 500 ms timeout (3 of 3
 * runs).
 */
@ExtendWith(TestServers.class)
class ColdStartIT {
  private static final Pattern DURATION =
      Pattern.compile("(?m)^redis_exporter_last_scrape_duration_seconds ([0-9.E-]+)$");

  @RepeatedTest(3)
  void theFirstScrapeSeesAReachableRedisUpWithinTheTimeout() throws Exception {
    List<String> cmd =
        Tools.javaJar(
            "--listen",
            "127.0.0.1:0",
            "--broker",
            TestServers.redisUri(),
            "--streams",
            "frames",
            "--scrape-timeout",
            "500ms");
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      Matcher m = Pattern.compile("serving (http://\\S+/metrics)").matcher(String.valueOf(line));
      assertThat(m.find()).as("first line: %s", line).isTrue();

      String scrape = Http.get(m.group(1));

      assertThat(scrape).contains("redis_up 1.0");
      Matcher d = DURATION.matcher(scrape);
      assertThat(d.find()).as(scrape).isTrue();
      assertThat(Double.parseDouble(d.group(1))).isLessThanOrEqualTo(0.5);
    } finally {
      p.destroy();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }
  }
}
