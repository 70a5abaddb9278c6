package io.detektr.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.tck.harness.FreePorts;
import io.detektr.broker.tck.harness.TestServers;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a real RabbitMQ node started by the harness. */
@ExtendWith(TestServers.class)
class RabbitLoadTestIT {
  @TempDir Path dir;

  @Test
  void countsEveryMessageExactly() {
    Path json = dir.resolve("rabbit.json");
    CliRun run =
        CliRun.of(
            json,
            "--broker",
            TestServers.amqpUri(),
            "--topic",
            topic(),
            "--rate",
            "2000",
            "--duration",
            "2s",
            "--warmup",
            "1s",
            "--quiet",
            "--json",
            json.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.json().get("provider").asText()).isEqualTo("rabbitmq");
    assertThat(run.count("sent")).isEqualTo(6_000);
    assertThat(run.count("confirmed")).isEqualTo(6_000);
    assertThat(run.count("received")).isEqualTo(6_000);
    assertThat(run.count("lost")).isZero();
    assertThat(run.count("duplicates")).isZero();
    assertThat(run.json().get("config").get("broker").asText()).doesNotContain("guest:guest");
  }

  @Test
  void aConsumerKilledMidwayShowsRedeliveriesAsDuplicatesNotLoss() {
    Path json = dir.resolve("kill.json");
    CliRun run =
        CliRun.of(
            json,
            "--broker",
            TestServers.amqpUri(),
            "--topic",
            topic(),
            // the kill (plus the subscription's close grace) must end well before the send window
            // does, or the run can finish before the redelivery arrives and see no duplicate
            "--rate",
            "1000",
            "--duration",
            "5s",
            "--warmup",
            "0s",
            "--kill-consumer-after",
            "1s",
            "--redeliver-after",
            "1s",
            "--quiet",
            "--json",
            json.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.count("sent")).isEqualTo(5_000);
    assertThat(run.count("received")).isEqualTo(5_000);
    assertThat(run.count("lost")).isZero();
    assertThat(run.count("duplicates")).isGreaterThanOrEqualTo(1);
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

  private static String topic() {
    return "it-" + UUID.randomUUID();
  }
}
