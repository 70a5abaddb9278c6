package io.detektr.broker.redis;

import io.detektr.broker.PublisherOptions;
import org.junit.jupiter.api.DisplayName;

/**
 * The whole contract again through the bounded publish path ({@code maxLength} with {@code REJECT}:
 * one script call per message instead of a plain XADD), with a limit no test reaches.
 */
@DisplayName("Redis provider with bounded publishers (maxLength) passes the broker contract")
class RedisBoundedContractIT extends RedisContractIT {
  @Override
  protected PublisherOptions publisherOptions() {
    return PublisherOptions.defaults().maxLength(1_000_000);
  }
}
