package io.detektr.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.tck.harness.RedisServer;
import io.detektr.broker.tck.harness.TestServers;
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
}
