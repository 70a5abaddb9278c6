package io.detektr.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.spi.BrokerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the Redis provider is registered for ServiceLoader")
class RedisProviderRegistrationTest {
  private static final String SERVICES = "META-INF/services/" + BrokerProvider.class.getName();

  @Test
  @DisplayName("the services file names a real class that loads and serves the Redis schemes")
  void servicesFileLoads() throws IOException {
    String listed;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(SERVICES)) {
      assertThat(in).as(SERVICES + " on the class path").isNotNull();
      listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    assertThat(listed).isEqualTo("io.detektr.broker.redis.internal.RedisBrokerProvider");
    BrokerProvider redis =
        ServiceLoader.load(BrokerProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.getClass().getName().equals(listed))
            .findFirst()
            .orElseThrow(() -> new AssertionError(listed + " not loaded by ServiceLoader"));
    assertThat(redis.schemes()).containsExactlyInAnyOrder("redis", "rediss", "redis-sentinel");
  }
}
