package io.detektr.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Brokers;
import io.detektr.broker.tck.ReadmeExample;
import io.detektr.broker.tck.harness.RedisServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's API example on Redis, on a fresh server (its topic is "frames"). */
@DisplayName("README API example on Redis")
class ReadmeExampleIT {
  @Test
  void runsOnRedis() {
    try (RedisServer redis = RedisServer.start()) {
      assertThat(ReadmeExample.run(() -> Brokers.connect(redis.uri()))).containsExactly("42:1024");
    }
  }
}
