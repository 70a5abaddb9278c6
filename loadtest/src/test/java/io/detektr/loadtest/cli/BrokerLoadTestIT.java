package io.detektr.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.broker.tck.harness.TestServers;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a real broker started by the harness: what every provider must show. */
@ExtendWith(TestServers.class)
abstract class BrokerLoadTestIT {
  /** The harness broker's URI. */
  abstract String brokerUri();

  /** The provider name the JSON report must carry. */
  abstract String provider();

  /** Credentials in {@link #brokerUri()} that must never be printed. */
  abstract String secret();

  @TempDir Path dir;

  @Test
  void countsEveryMessageExactly() {
    Path json = dir.resolve(provider() + ".json");
    CliRun run =
        CliRun.of(
            json,
            "--broker",
            brokerUri(),
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

    run.assertEveryMessageCountedOnce(6_000);
    assertThat(run.json().get("provider").asText()).isEqualTo(provider());
    assertThat(run.json().get("config").get("broker").asText()).doesNotContain(secret());
    assertThat(run.out()).doesNotContain(secret());
  }

  @Test
  void aConsumerKilledMidwayShowsRedeliveriesAsDuplicatesNotLoss() {
    Path json = dir.resolve("kill.json");
    CliRun run =
        CliRun.of(
            json,
            "--broker",
            brokerUri(),
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

    run.assertRedeliveriesAreDuplicatesNotLoss(5_000);
  }

  static String topic() {
    return "it-" + UUID.randomUUID();
  }
}
