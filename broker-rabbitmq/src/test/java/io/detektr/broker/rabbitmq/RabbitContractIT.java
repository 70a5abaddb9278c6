package io.detektr.broker.rabbitmq;

import io.detektr.broker.tck.RemoteBrokerContractSuite;
import io.detektr.broker.tck.harness.FreePorts;
import io.detektr.broker.tck.harness.TestServers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestServers.class)
@DisplayName("RabbitMQ provider (classic queues) passes the broker contract")
class RabbitContractIT extends RemoteBrokerContractSuite {
  @Override
  protected String brokerUri() {
    return TestServers.amqpUri();
  }

  /** A queue holds only what was routed to it: GroupStart.EARLIEST cannot reach further back. */
  @Override
  protected boolean topicsKeepMessages() {
    return false;
  }

  @Override
  protected String unreachableUri() {
    return "amqp://guest:guest@127.0.0.1:" + FreePorts.next();
  }

  @Override
  protected String wrongPasswordUri() {
    return withPassword(brokerUri(), "not-the-password-4711");
  }

  /** {@code uri} with its user info replaced by guest and {@code password}. */
  static String withPassword(String uri, String password) {
    int start = uri.indexOf("://") + 3;
    int at = uri.indexOf('@', start);
    String rest = at >= 0 ? uri.substring(at + 1) : uri.substring(start);
    return uri.substring(0, start) + "guest:" + password + "@" + rest;
  }
}
