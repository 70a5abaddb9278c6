package io.detektr.broker.redis;

import io.detektr.broker.MessageId;
import io.detektr.broker.tck.RemoteBrokerContractSuite;
import io.detektr.broker.tck.harness.FreePorts;
import io.detektr.broker.tck.harness.TestServers;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestServers.class)
@DisplayName("Redis provider passes the broker contract")
class RedisContractIT extends RemoteBrokerContractSuite {
  @Override
  protected String brokerUri() {
    return TestServers.redisUri();
  }

  @Override
  protected void assertStoredInPublishOrder(String topicName, List<MessageId> ids) {
    StreamOrder.assertStoredInPublishOrder(TestServers.redisUri(), topicName, ids);
  }

  @Override
  protected String unreachableUri() {
    return "redis://127.0.0.1:" + FreePorts.next();
  }

  @Override
  protected String wrongPasswordUri() {
    return brokerUri().replaceFirst("redis://[^@]*@", "redis://:wrong-password@");
  }
}
