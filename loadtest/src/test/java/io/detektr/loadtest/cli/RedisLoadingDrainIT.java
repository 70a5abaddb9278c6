package io.detektr.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.tck.harness.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis killed mid-run comes back slowly: it answers {@code LOADING} while it reads its data
 * (10,000 keys in the AOF's RDB part and the run's few thousand commands after it, 1 ms each with
 * {@code key-load-delay}: 15 to 25 s, as a large dataset would). The drain waits for it instead of
 * counting what it still holds as lost, and when it gives up first it says so.
 */
@DisplayName("loadtest: the drain waits for a Redis that is still loading its data")
class RedisLoadingDrainIT {
  @TempDir Path dir;

  @Test
  @DisplayName("the broker comes back within --broker-wait: nothing lost, the wait reported")
  void waitsForTheBrokerToLoad() throws Exception {
    try (RedisServer redis = slowLoadingRedis()) {
      CliRun run = runKillingRedis(redis, "60s");
      assertThat(run.count("lost")).as(run.toString()).isZero();
      assertThat(run.json().get("brokerWait").get("seconds").asDouble())
          .as(run.toString())
          .isGreaterThan(5);
      assertThat(run.json().get("brokerWait").get("notAnswering").isNull())
          .as(run.toString())
          .isTrue();
      assertThat(run.count("received")).isEqualTo(run.count("confirmed")).isPositive();
      assertThat(run.exitCode()).as(run.toString()).isZero();
    }
  }

  @Test
  @DisplayName("still loading after --broker-wait: 'broker still loading: N pending', not lost")
  void saysTheBrokerIsStillLoading() throws Exception {
    try (RedisServer redis = slowLoadingRedis()) {
      CliRun run = runKillingRedis(redis, "3s");
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
      assertThat(run.count("lost")).as(run.toString()).isZero();
      assertThat(run.json().get("brokerWait").get("unverified").asLong()).isPositive();
      // "still loading" when Redis answered LOADING; while it reads its RDB part it may not answer
      // at all, and the client's reconnect then times out: "not answering (why)"
      assertThat(run.out())
          .containsPattern("broker (still loading|not answering \\(.*\\)): [0-9,]+ pending");
    }
  }

  /** The group's lag: entries not yet handed to a consumer (XINFO GROUPS, Redis 7). */
  private static long lag(RedisServer redis) {
    List<?> groups = (List<?>) redis.command("XINFO", "GROUPS", "loading");
    List<?> group = (List<?>) groups.get(0);
    for (int i = 0; i + 1 < group.size(); i += 2) {
      if ("lag".equals(text(group.get(i)))) {
        return group.get(i + 1) instanceof Number n ? n.longValue() : -1;
      }
    }
    return -1;
  }

  private static String text(Object o) {
    return o instanceof byte[] b
        ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
        : String.valueOf(o);
  }

  private static long xlen(RedisServer redis) {
    Object len = redis.command("XLEN", "loading");
    return len instanceof Number n ? n.longValue() : -1;
  }

  /** AOF always (nothing confirmed is lost), 500 keys in its RDB part, loaded slowly. */
  private static RedisServer slowLoadingRedis() {
    RedisServer redis =
        RedisServer.builder()
            .appendOnly("always")
            .arg("--enable-debug-command", "local")
            .arg("--key-load-delay", "10000") // us per key and per AOF command
            .arg("--loading-process-events-interval-bytes", "1024") // answers LOADING meanwhile
            .start();
    redis.command("DEBUG", "POPULATE", "500", "filler", "16");
    redis.command("BGREWRITEAOF");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              String info = String.valueOf(redis.command("INFO", "persistence"));
              return info.contains("aof_rewrite_in_progress:0")
                  && info.contains("aof_rewrite_scheduled:0");
            });
    return redis;
  }

  /**
   * Runs the loadtest at 200 msg/s for 3 s with consumers that take 20 ms per message (100 msg/s
   * for the two): they fall behind. Once the publishes stop, Redis is killed and restarted at once:
   * the drain finds it loading, with the messages the consumers had not read yet still to come.
   */
  private CliRun runKillingRedis(RedisServer redis, String brokerWait) throws Exception {
    Path json = dir.resolve("loading-" + brokerWait + ".json");
    AtomicReference<Throwable> killer = new AtomicReference<>();
    AtomicReference<Long> lagAtCrash = new AtomicReference<>();
    Thread crash =
        new Thread(
            () -> {
              try {
                long last = -1;
                for (long len; (len = xlen(redis)) <= 0 || len != last; last = len) {
                  Thread.sleep(300); // until the publishes stop
                }
                lagAtCrash.set(lag(redis));
                redis.kill();
                redis.restart();
              } catch (Throwable e) {
                killer.set(e);
              }
            });
    crash.start();
    CliRun run =
        CliRun.of(
            json,
            "--broker",
            redis.uri(),
            "--topic",
            "loading",
            "--rate",
            "200",
            "--duration",
            "3s",
            "--handle-time",
            "20ms",
            "--warmup",
            "0s",
            "--consumers",
            "2",
            "--drain-timeout",
            "2s",
            "--redeliver-after",
            "8s",
            "--broker-wait",
            brokerWait,
            "--quiet",
            "--json",
            json.toString());
    crash.join();
    assertThat(killer.get()).as("kill and restart").isNull();
    assertThat(lagAtCrash.get()).as("entries the consumers had not read at the crash").isPositive();
    assertThat(run.json()).as(run.toString()).isNotNull();
    return run;
  }
}
