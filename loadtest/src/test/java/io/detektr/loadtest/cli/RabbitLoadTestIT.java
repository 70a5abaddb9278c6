package io.detektr.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.tck.harness.FreePorts;
import io.detektr.broker.tck.harness.TestServers;
import org.junit.jupiter.api.Test;

/** The CLI against a real RabbitMQ node started by the harness. */
class RabbitLoadTestIT extends BrokerLoadTestIT {
  @Override
  String brokerUri() {
    return TestServers.amqpUri();
  }

  @Override
  String provider() {
    return "rabbitmq";
  }

  @Override
  String secret() {
    return "guest:guest";
  }

  @Test
  void aStoppedBrokerFailsFastWithOneClearLine() {
    int port = FreePorts.next(); // nothing listens there: a node that is not running
    JarRun run = JarRun.of(dir, "--broker", "amqp://guest:guest@127.0.0.1:" + port);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err())
        .as(run.toString())
        .contains("loadtest: error: broker unavailable")
        .contains("127.0.0.1:" + port)
        .doesNotContain("\tat ")
        .doesNotContain("guest:guest");
  }
}
