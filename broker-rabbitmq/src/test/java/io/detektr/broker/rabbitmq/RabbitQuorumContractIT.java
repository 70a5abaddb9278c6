package io.detektr.broker.rabbitmq;

import io.detektr.broker.tck.RemoteBrokerContractSuite;
import io.detektr.broker.tck.harness.FreePorts;
import io.detektr.broker.tck.harness.TestServers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestServers.class)
@DisplayName("RabbitMQ provider (quorum queues) passes the broker contract")
class RabbitQuorumContractIT extends RemoteBrokerContractSuite {
  @Override
  protected String brokerUri() {
    String uri = TestServers.amqpUri();
    return uri + (uri.contains("?") ? "&" : "?") + "queueType=quorum";
  }

  /** A queue holds only what was routed to it: GroupStart.EARLIEST cannot reach further back. */
  @Override
  protected boolean topicsKeepMessages() {
    return false;
  }

  @Override
  protected String unreachableUri() {
    return "amqp://guest:guest@127.0.0.1:" + FreePorts.next() + "?queueType=quorum";
  }

  @Override
  protected String wrongPasswordUri() {
    return RabbitContractIT.withPassword(brokerUri(), "not-the-password-4711");
  }
}
