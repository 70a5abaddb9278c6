package io.detektr.broker.redis.internal;

import io.detektr.broker.Broker;
import io.detektr.broker.BrokerConfig;
import io.detektr.broker.spi.BrokerProvider;
import java.util.Set;

/** Serves {@code redis://}, {@code rediss://} (TLS) and {@code redis-sentinel://}. */
public final class RedisBrokerProvider implements BrokerProvider {
  static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-sentinel");

  @Override
  public Set<String> schemes() {
    return SCHEMES;
  }

  @Override
  public Broker connect(BrokerConfig config) {
    return RedisBroker.connect(config);
  }
}
