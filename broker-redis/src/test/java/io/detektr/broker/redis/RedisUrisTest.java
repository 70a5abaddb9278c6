package io.detektr.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detektr.broker.BrokerConfig;
import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.Brokers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Redis URIs")
class RedisUrisTest {
  @Test
  @DisplayName("redis-sentinel:// without masterId is refused before connecting, saying why")
  void sentinelNeedsMasterId() {
    assertThatThrownBy(() -> Brokers.connect("redis-sentinel://127.0.0.1:26379/0"))
        .isInstanceOf(BrokerConfigException.class)
        .hasMessageContaining("?masterId=");
  }

  @Test
  @DisplayName("every problem of a URI is reported at once")
  void allProblemsAtOnce() {
    assertThatThrownBy(
            () ->
                Brokers.connect(
                    BrokerConfig.parse("rediss://a:1,b:2/not-a-number?verifyPeer=maybe")))
        .isInstanceOf(BrokerConfigException.class)
        .hasMessageContaining("one host")
        .hasMessageContaining("database number")
        .hasMessageContaining("verifyPeer");
  }

  @Test
  @DisplayName("pack must be a count of messages per entry, 1 to 1024")
  void packValidated() {
    for (String bad : new String[] {"0", "1025", "many"}) {
      assertThatThrownBy(() -> Brokers.connect("redis://127.0.0.1:1?pack=" + bad))
          .isInstanceOf(BrokerConfigException.class)
          .hasMessageContaining("pack must be a number of messages per stream entry")
          .hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  @DisplayName("the password never shows in what a config prints")
  void passwordRedacted() {
    BrokerConfig config = BrokerConfig.parse("redis://app:s3cret@localhost:6379/2");
    assertThat(config.toString()).doesNotContain("s3cret");
    assertThat(Brokers.availableSchemes()).contains("redis", "rediss", "redis-sentinel");
  }
}
