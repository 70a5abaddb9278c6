package io.detektr.broker.redis;

import io.detektr.broker.tck.harness.TestServers;
import org.junit.jupiter.api.DisplayName;

/**
 * The whole contract again with {@code pack=16}: messages published while others are in flight
 * share stream entries (see {@link RedisPackIT} for what only packs do).
 */
@DisplayName("Redis provider with packed entries (pack=16) passes the broker contract")
class RedisPackedContractIT extends RedisContractIT {
  @Override
  protected String brokerUri() {
    return withPack(TestServers.redisUri(), 16);
  }

  static String withPack(String uri, int pack) {
    return uri + (uri.contains("?") ? "&" : "?") + "pack=" + pack;
  }
}
