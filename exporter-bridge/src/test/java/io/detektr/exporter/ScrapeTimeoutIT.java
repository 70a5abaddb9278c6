package io.detektr.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.tck.harness.RedisServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A Redis that stops answering (SIGSTOP: the kernel still accepts connections, the server reads
 * nothing) costs a scrape its timeout and no more, and the scrape says it timed out.
 */
class ScrapeTimeoutIT {
  private static final Pattern DURATION =
      Pattern.compile("(?m)^redis_exporter_last_scrape_duration_seconds ([0-9.E-]+)$");
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  /** Time for the collector's thread hand-over; the read itself is bounded by the timeout. */
  private static final long SLACK_MILLIS = 250;

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void aConnectedRedisThatStopsAnsweringTimesOutSayingSo() throws Exception {
    try (RedisServer redis = RedisServer.start();
        BrokerCollectors c =
            BrokerCollectors.builder()
                .broker(redis.uri())
                .streams(List.of("frames"))
                .scrapeTimeout(TIMEOUT)
                .build()
                .bindTo(registry)) {
      assertThat(c.warmUp(Duration.ofSeconds(10))).allMatch(BrokerState::up);
      assertThat(registry.scrape()).contains("redis_up 1.0");
      long pid = pid(redis);
      signal("STOP", pid);
      try {
        assertTimesOut();
        assertTimesOut(); // the next scrape too, not queued behind the first
      } finally {
        signal("CONT", pid);
      }
    }
  }

  @Test
  void aColdConnectionToARedisThatDoesNotAnswerTimesOutSayingSo() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      long pid = pid(redis);
      signal("STOP", pid);
      try (BrokerCollectors c =
          BrokerCollectors.builder()
              .broker(redis.uri())
              .scrapeTimeout(TIMEOUT)
              // shorter than Lettuce's own connect timeout (twice the scrape timeout): ours decides
              .startWait(Duration.ofMillis(700))
              .build()
              .bindTo(registry)) {
        assertThat(c.warmUp(Duration.ofSeconds(10)))
            .singleElement()
            .satisfies(s -> assertThat(s.up()).isFalse())
            .satisfies(
                s ->
                    assertThat(s.error())
                        .isEqualTo("no answer within the start-up wait of 700 ms"));
        assertTimesOut();
      } finally {
        signal("CONT", pid);
      }
    }
  }

  private void assertTimesOut() {
    long start = System.nanoTime();
    String scrape = registry.scrape();
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(scrape)
        .contains("redis_up 0.0")
        .contains("no answer within the scrape timeout of 500 ms");
    Matcher d = DURATION.matcher(scrape);
    assertThat(d.find()).as(scrape).isTrue();
    assertThat(Double.parseDouble(d.group(1))).isLessThanOrEqualTo(0.5 + SLACK_MILLIS / 1000.0);
    assertThat(millis).isLessThanOrEqualTo(TIMEOUT.toMillis() + SLACK_MILLIS);
  }

  private static long pid(RedisServer redis) {
    String info = String.valueOf(redis.command("INFO", "server"));
    Matcher m = Pattern.compile("process_id:(\\d+)").matcher(info);
    assertThat(m.find()).as(info).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static void signal(String signal, long pid) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor())
        .isZero();
  }
}
