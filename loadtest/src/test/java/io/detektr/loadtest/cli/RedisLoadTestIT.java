package io.detektr.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.tck.harness.RedisServer;
import io.detektr.broker.tck.harness.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The CLI against a real redis-server started by the harness. */
class RedisLoadTestIT extends BrokerLoadTestIT {
  @Override
  String brokerUri() {
    return TestServers.redisUri();
  }

  @Override
  String provider() {
    return "redis";
  }

  @Override
  String secret() {
    return "tck-secret";
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

  @Test
  void theDrainWaitsForRedeliveriesTheBrokerStillOwes() {
    // Flat out, consumers read full batches (--prefetch); killed near the end of the send window,
    // one dies holding a message with the rest of its batch unhandled. Those stay pending at the
    // broker,
    // which hands them out again only after --redeliver-after (5 s), long after --drain-timeout
    // (1 s) of quiet: they are late, not lost.
    Path json = dir.resolve("late.json");
    CliRun run =
        CliRun.of(
            json,
            "--broker",
            brokerUri(),
            "--topic",
            topic(),
            "--rate",
            "0",
            "--duration",
            "3s",
            "--warmup",
            "0s",
            "--kill-consumer-after",
            "2500ms",
            "--redeliver-after",
            "5s",
            "--drain-timeout",
            "1s",
            "--quiet",
            "--json",
            json.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.count("received")).isEqualTo(run.count("sent")).isPositive();
    assertThat(run.count("lost")).isZero();
    assertThat(run.count("duplicates")).isGreaterThanOrEqualTo(1);
    assertThat(run.json().get("brokerBacklog").isNull()).as(run.toString()).isTrue();
  }
}
