package io.detektr.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.tck.harness.RedisServer;
import io.detektr.broker.tck.harness.TestServers;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a real redis-server started by the harness. */
@ExtendWith(TestServers.class)
class RedisLoadTestIT {
  @TempDir Path dir;

  @Test
  void countsEveryMessageExactly() {
    Path json = dir.resolve("redis.json");
    CliRun run =
        CliRun.of(
            json,
            "--broker",
            TestServers.redisUri(),
            "--topic",
            topic(),
            "--rate",
            "2000",
            "--duration",
            "2s",
            "--warmup",
            "1s",
            "--quiet",
            "--json",
            json.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.json().get("provider").asText()).isEqualTo("redis");
    assertThat(run.count("sent")).isEqualTo(6_000);
    assertThat(run.count("confirmed")).isEqualTo(6_000);
    assertThat(run.count("received")).isEqualTo(6_000);
    assertThat(run.count("lost")).isZero();
    assertThat(run.count("duplicates")).isZero();
    assertThat(run.json().get("config").get("broker").asText()).doesNotContain("tck-secret");
    assertThat(run.out()).doesNotContain("tck-secret");
  }

  @Test
  void aConsumerKilledMidwayShowsRedeliveriesAsDuplicatesNotLoss() {
    Path json = dir.resolve("kill.json");
    CliRun run =
        CliRun.of(
            json,
            "--broker",
            TestServers.redisUri(),
            "--topic",
            topic(),
            // the kill (plus the subscription's close grace) must end well before the send window
            // does, or the run can finish before the redelivery arrives and see no duplicate
            "--rate",
            "1000",
            "--duration",
            "5s",
            "--warmup",
            "0s",
            "--kill-consumer-after",
            "1s",
            "--redeliver-after",
            "1s",
            "--quiet",
            "--json",
            json.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.count("sent")).isEqualTo(5_000);
    assertThat(run.count("received")).isEqualTo(5_000);
    assertThat(run.count("lost")).isZero();
    assertThat(run.count("duplicates")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aStoppedBrokerFailsFastWithOneClearLine() {
    int port;
    try (RedisServer redis = RedisServer.builder().start()) {
      port = redis.port();
      redis.kill();
      JarRun run = JarRun.of(dir, "--broker", "redis://127.0.0.1:" + port, "--duration", "2s");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
      assertThat(run.err())
          .as(run.toString())
          .contains("loadtest: error: broker unavailable")
          .contains("127.0.0.1:" + port)
          .doesNotContain("\tat ");
      assertThat(run.out()).doesNotContain("PASSED");
    }
  }

  private static String topic() {
    return "it-" + UUID.randomUUID();
  }
}
