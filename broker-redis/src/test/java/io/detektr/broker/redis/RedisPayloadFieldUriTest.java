package io.detektr.broker.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detektr.broker.BrokerConfigException;
import io.detektr.broker.Brokers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Redis URI option payloadField")
class RedisPayloadFieldUriTest {
  @Test
  @DisplayName("payloadField must name a field that can hold a payload, checked before connecting")
  void payloadFieldValidated() {
    for (String bad : new String[] {"", "h:frame", "detektr:pack"}) {
      assertThatThrownBy(() -> Brokers.connect("redis://127.0.0.1:1?payloadField=" + bad))
          .isInstanceOf(BrokerConfigException.class)
          .hasMessageContaining("payloadField")
          .hasMessageContaining("?payloadField=frame")
          .hasMessageContaining("'" + bad + "'");
    }
  }
}
