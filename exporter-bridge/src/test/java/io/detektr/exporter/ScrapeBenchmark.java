package io.detektr.exporter;

import io.detektr.broker.tck.harness.RedisServer;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Scrape cost with many streams: a real redis-server with STREAMS streams of GROUPS groups (one
 * consumer each), timed over whole registry scrapes. Prints figures, asserts nothing.
 *
 * <pre>
 * ./mvnw -q -pl exporter-bridge test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.detektr.exporter.ScrapeBenchmark [-Dexec.args="100 10 50"]
 * </pre>
 */
public final class ScrapeBenchmark {
  private ScrapeBenchmark() {}

  public static void main(String[] args) {
    int streams = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int groups = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    try (RedisServer redis = RedisServer.start()) {
      List<String> names = seed(redis.uri(), streams, groups);
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      try (BrokerCollectors c =
          BrokerCollectors.builder().broker(redis.uri()).streams(names).build().bindTo(registry)) {
        String first = registry.scrape();
        if (!first.contains("redis_up 1.0")) {
          throw new IllegalStateException("scrape failed:\n" + first);
        }
        for (int i = 0; i < 10; i++) {
          registry.scrape(); // JIT warm-up
        }
        double[] ms = new double[rounds];
        double[] collect = new double[rounds];
        for (int i = 0; i < rounds; i++) {
          long t0 = System.nanoTime();
          String text = registry.scrape();
          ms[i] = (System.nanoTime() - t0) / 1e6;
          collect[i] =
              1000
                  * Double.parseDouble(
                      text.lines()
                          .filter(l -> l.startsWith("redis_exporter_last_scrape_duration_seconds "))
                          .findFirst()
                          .orElseThrow()
                          .split(" ")[1]);
        }
        Arrays.sort(ms);
        Arrays.sort(collect);
        long series = first.lines().filter(l -> l.startsWith("redis_stream")).count();
        System.out.printf(
            "streams=%d groups/stream=%d stream series=%d scrape bytes=%d%n",
            streams, groups, series, first.length());
        System.out.printf(
            "whole scrape over %d rounds: min %.1f ms, median %.1f ms,"
                + " p95 %.1f ms, max %.1f ms%n",
            rounds, ms[0], ms[rounds / 2], ms[(int) (rounds * 0.95)], ms[rounds - 1]);
        System.out.printf(
            "redis_exporter_last_scrape_duration_seconds (INFO + XINFO, no formatting):"
                + " min %.1f ms, median %.1f ms, p95 %.1f ms, max %.1f ms%n",
            collect[0], collect[rounds / 2], collect[(int) (rounds * 0.95)], collect[rounds - 1]);
      }
    }
  }

  private static List<String> seed(String uri, int streams, int groups) {
    List<String> names = new ArrayList<>();
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      RedisCommands<String, String> redis = c.sync();
      for (int s = 0; s < streams; s++) {
        String stream = "bench-" + s;
        names.add(stream);
        for (int i = 0; i < 10; i++) {
          redis.xadd(stream, Map.of("frame-id", Integer.toString(i)));
        }
        for (int g = 0; g < groups; g++) {
          redis.xgroupCreate(
              XReadArgs.StreamOffset.from(stream, "0"),
              "group-" + g,
              XGroupCreateArgs.Builder.mkstream());
          redis.xreadgroup(
              Consumer.from("group-" + g, "consumer-1"),
              XReadArgs.Builder.count(1),
              XReadArgs.StreamOffset.lastConsumed(stream));
        }
      }
    } finally {
      client.shutdown();
    }
    return names;
  }
}
