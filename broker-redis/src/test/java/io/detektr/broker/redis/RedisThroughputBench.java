package io.detektr.broker.redis;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.Brokers;
import io.detektr.broker.Message;
import io.detektr.broker.Publisher;
import io.detektr.broker.Subscription;
import io.detektr.broker.SubscriptionOptions;
import io.detektr.broker.tck.RecordingMetrics;
import io.detektr.broker.tck.harness.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark, not a test (figures are the best of three runs): publishes 100,000 1 KB messages and
 * consumes them with acks (0 = publish only, 1, 2 and 3 consumers of one group), next to {@code
 * redis-benchmark -P 16} XADD of the same payload against the same freshly started Redis. Run:
 *
 * <pre>
 * ./mvnw -B -q -pl broker-api,broker-tck install -DskipTests
 * ./mvnw -B -q -pl broker-redis test-compile exec:java \
 *     -Dexec.mainClass=io.detektr.broker.redis.RedisThroughputBench -Dexec.classpathScope=test
 * </pre>
 */
public final class RedisThroughputBench {
  private static final int MESSAGES = 100_000;
  private static final int SIZE = 1024;

  /** The machine is shared: every figure is the best of this many runs. */
  private static final int ROUNDS = 3;

  private RedisThroughputBench() {}

  public static void main(String[] args) throws Exception {
    try (RedisServer redis = RedisServer.builder().start()) {
      double reference = 0;
      for (int i = 0; i < ROUNDS; i++) {
        reference = Math.max(reference, redisBenchmark(redis.port()));
        redis.command("DEL", "bench");
      }
      System.out.printf(
          "redis-benchmark -P 16 -n 200000 XADD (1 KB field), best of %d:" + " %,.0f msg/s%n",
          ROUNDS, reference);
      run(redis, 1, -1, 0); // warm-up: JIT-compile the paths before measuring
      for (int consumers = 0; consumers <= 3; consumers++) {
        double[] best = new double[2];
        for (int i = 0; i < ROUNDS; i++) {
          double[] r = run(redis, consumers, reference, i);
          best[0] = Math.max(best[0], r[0]);
          best[1] = Math.max(best[1], r[1]);
        }
        if (consumers == 0) {
          System.out.printf(
              "broker-redis 1 producer, publish only: %,.0f msg/s (%.0f%% of"
                  + " redis-benchmark XADD)%n",
              best[0], 100 * best[0] / reference);
        } else {
          System.out.printf(
              "broker-redis 1 producer, %d consumer(s): publish %,.0f msg/s;"
                  + " publish+consume+ack %,.0f msg/s (%.0f%% of redis-benchmark XADD)%n",
              consumers, best[0], best[1], 100 * best[1] / reference);
        }
      }
    }
    System.exit(0);
  }

  /** One run: {publish msg/s, publish+consume+ack msg/s}. */
  private static double[] run(RedisServer redis, int consumers, double reference, int round)
      throws Exception {
    RecordingMetrics metrics = new RecordingMetrics();
    String topic = "bench-" + consumers + "-" + round + (reference < 0 ? "-warmup" : "");
    byte[] payload = new byte[SIZE];
    try (Broker broker =
        Brokers.connect(BrokerConfig.builder(redis.uri()).metrics(metrics).build())) {
      broker.declareGroup(topic, "g");
      List<Subscription> subs = new ArrayList<>();
      for (int i = 0; i < consumers; i++) {
        subs.add(
            broker.subscribe(topic, "g", d -> {}, SubscriptionOptions.defaults().prefetch(500)));
      }
      long start = System.nanoTime();
      CompletableFuture<?> last = null;
      try (Publisher p = broker.publisher(topic)) {
        for (int i = 0; i < MESSAGES; i++) {
          last = p.publish(Message.wrap(payload)).toCompletableFuture();
        }
        p.flush();
        last.join();
      }
      double publishSeconds = (System.nanoTime() - start) / 1e9;
      while (consumers > 0 && metrics.count("acked", topic) < MESSAGES) {
        Thread.sleep(1);
      }
      double totalSeconds = (System.nanoTime() - start) / 1e9;
      subs.forEach(Subscription::close);
      return new double[] {MESSAGES / publishSeconds, MESSAGES / totalSeconds};
    } finally {
      redis.command("DEL", topic);
    }
  }

  /** {@code redis-benchmark} runs an arbitrary command given after the options, literally. */
  private static double redisBenchmark(int port) throws IOException, InterruptedException {
    String value = "x".repeat(SIZE);
    Process p =
        new ProcessBuilder(
                "redis-benchmark",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-P",
                "16",
                "-n",
                "200000",
                "-q",
                "XADD",
                "bench",
                "*",
                "payload",
                value)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    Matcher m = Pattern.compile("([0-9.]+) requests per second").matcher(out);
    double rate = -1;
    while (m.find()) {
      rate = Double.parseDouble(m.group(1));
    }
    if (rate < 0) {
      throw new IllegalStateException(
          "no figure in redis-benchmark output: " + out.substring(0, Math.min(out.length(), 500)));
    }
    return rate;
  }
}
