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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The runnable jar as an operator starts it: target/exporter-bridge.jar. */
@ExtendWith(TestServers.class)
class ExporterJarIT {
  @Test
  void servesMetricsAndHealthOfTheBrokerItIsPointedAt() throws Exception {
    List<String> cmd =
        Tools.javaJar(
            "--listen",
            "127.0.0.1:0",
            "--broker",
            TestServers.redisUri(),
            "--streams",
            "frames,frames.dlq");
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      Matcher m = Pattern.compile("serving (http://\\S+/metrics)").matcher(String.valueOf(line));
      assertThat(m.find()).as("first line: %s", line).isTrue();

      assertThat(Http.get(m.group(1))).contains("redis_up 1.0");
      assertThat(Http.get(m.group(1).replace("/metrics", "/health")))
          .startsWith("{\"status\":\"UP\",\"brokers\":[{\"broker\":\"redis://");
      assertThat(Http.get(m.group(1).replace("/metrics", "/health/live")))
          .isEqualTo("{\"status\":\"UP\"}");
      assertThat(line).doesNotContain("password");
    } finally {
      p.destroy();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }
  }

  @Test
  void helpExitsZeroAndListsTheOptions() {
    Tools.Result r = Tools.run(null, Tools.javaJar("--help").toArray(String[]::new));
    assertThat(r.exitCode()).isZero();
    assertThat(r.output())
        .contains("--listen", "--broker", "--streams", "--scrape-timeout", "--stacktrace")
        .contains(
            "Exit codes: 0 stopped by a signal, 1 failed (e.g. cannot listen), 2 bad options.");
  }

  @Test
  void badUsageExitsTwoWithAReason() {
    Tools.Result mem = Tools.run(null, Tools.javaJar("--broker", "mem://").toArray(String[]::new));
    assertThat(mem.exitCode()).isEqualTo(2);
    assertThat(mem.output()).contains("embed BrokerMetricsBridge");

    Tools.Result listen =
        Tools.run(
            null,
            Tools.javaJar("--listen", "nowhere", "--broker", "redis://x").toArray(String[]::new));
    assertThat(listen.exitCode()).isEqualTo(2);
    assertThat(listen.output()).contains("'nowhere' is not HOST:PORT");

    Tools.Result unknown = Tools.run(null, Tools.javaJar("--frobnicate").toArray(String[]::new));
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.output())
        .contains("exporter-bridge: error: Unknown option: '--frobnicate'")
        .contains("Try 'exporter-bridge --help'")
        .doesNotContain("Usage:");
  }

  @Test
  void durationsAndRedisUrisReadLikeTheLoadtestAndTheProvider() {
    // a bare number is seconds, as for the loadtest's --duration: the next problem is the broker
    Tools.Result seconds =
        Tools.run(
            null,
            Tools.javaJar("--scrape-timeout", "2", "--broker", "mem://").toArray(String[]::new));
    assertThat(seconds.exitCode()).isEqualTo(2);
    assertThat(seconds.output()).contains("embed BrokerMetricsBridge").doesNotContain("duration");

    Tools.Result pack =
        Tools.run(null, Tools.javaJar("--broker", "redis://x:6379?pack=0").toArray(String[]::new));
    assertThat(pack.exitCode()).isEqualTo(2);
    assertThat(pack.output()).contains("pack must be a number of messages per stream entry");
  }
}
