package io.detektr.broker.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.Brokers;
import io.detektr.broker.tck.ReadmeExample;
import io.detektr.broker.tck.harness.TestServers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's API example on RabbitMQ, where queue limits are fixed when a queue is created; its
 * topic "frames" is used by no other test of the shared node.
 */
@ExtendWith(TestServers.class)
@DisplayName("README API example on RabbitMQ")
class ReadmeExampleIT {
  @Test
  void runsOnRabbitMq() {
    assertThat(ReadmeExample.run(() -> Brokers.connect(TestServers.amqpUri())))
        .containsExactly("42:1024");
  }
}
