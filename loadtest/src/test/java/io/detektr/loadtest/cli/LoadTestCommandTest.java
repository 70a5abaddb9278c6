package io.detektr.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end on the in-memory broker: exact counts, exit codes, messages. */
class LoadTestCommandTest {
  @TempDir Path dir;

  @Test
  void countsEveryMessageExactlyAndWritesTheJsonReport() {
    Path json = dir.resolve("run.json");
    CliRun run =
        CliRun.of(
            json,
            "--broker",
            "mem://exact",
            "--rate",
            "2000",
            "--duration",
            "2s",
            "--warmup",
            "1s",
            "--json",
            json.toString());

    // 2,000 msg/s for 3 s on a fixed schedule: exactly 6,000 messages.
    run.assertEveryMessageCountedOnce(6_000);
    assertThat(run.count("outOfOrder")).isZero();
    assertThat(run.json().get("publishRate").asDouble()).isPositive();
    assertThat(run.json().get("receiveRate").asDouble()).isPositive();
    for (String kind : new String[] {"publish", "endToEnd"}) {
      JsonNode latency = run.json().get("latency").get(kind);
      for (String p : new String[] {"p50", "p90", "p99", "p999", "max"}) {
        assertThat(latency.has(p)).as(kind + "." + p).isTrue();
      }
      assertThat(latency.get("count").asLong()).as(kind).isEqualTo(4_000);
    }
    assertThat(run.json().get("config").get("broker").asText()).isEqualTo("mem://exact");
    assertThat(run.json().get("config").get("cpuPolicy").asText()).isEqualTo("SCHED_OTHER");
    assertThat(run.out()).contains("lost", "end-to-end", "PASSED").contains("[   1s warmup]");
  }

  @Test
  void aConsumerKilledMidwayShowsRedeliveriesAsDuplicatesNotLoss() {
    Path json = dir.resolve("kill.json");
    CliRun run =
        CliRun.of(
            json,
            "--broker",
            "mem://kill",
            "--rate",
            "2000",
            "--duration",
            "3s",
            "--warmup",
            "0s",
            "--kill-consumer-after",
            "1s",
            "--redeliver-after",
            "1s",
            "--quiet",
            "--json",
            json.toString());

    run.assertRedeliveriesAreDuplicatesNotLoss(6_000);
  }

  @Test
  void sendsARealFileAsThePayload() throws Exception {
    Path frame = dir.resolve("frame.jpg");
    java.nio.file.Files.write(frame, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00});
    Path json = dir.resolve("file.json");
    CliRun run =
        CliRun.of(
            json,
            "--broker",
            "mem://file",
            "--rate",
            "100",
            "--duration",
            "1s",
            "--warmup",
            "0s",
            "--payload-file",
            frame.toString(),
            "--quiet",
            "--json",
            json.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.count("payloadBytes")).isEqualTo(4);
    assertThat(run.count("received")).isEqualTo(100);
    assertThat(run.json().get("config").get("payloadFile").asText()).endsWith("frame.jpg");
  }

  @Test
  void messagesOutOfOrderFailTheRun() {
    String[] run = {"--rate", "2000", "--duration", "1s", "--warmup", "0s", "--quiet"};
    CliRun swapped =
        SwappingProvider.registered(
            dir.resolve("swap"),
            () -> CliRun.of(null, concat(new String[] {"--broker", "swap://order"}, run)));
    assertThat(swapped.exitCode()).as(swapped.toString()).isEqualTo(1);
    assertThat(swapped.out()).containsPattern("FAIL +out of order +[1-9][0-9]* \\(limit <= 0\\)");

    CliRun allowed =
        SwappingProvider.registered(
            dir.resolve("swap"),
            () ->
                CliRun.of(
                    null,
                    concat(
                        new String[] {"--broker", "swap://allowed", "--max-out-of-order", "2000"},
                        run)));
    assertThat(allowed.exitCode()).as(allowed.toString()).isZero();

    CliRun inOrder = CliRun.of(null, concat(new String[] {"--broker", "mem://order"}, run));
    assertThat(inOrder.exitCode()).as(inOrder.toString()).isZero();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void badOptionsPrintOneLineAndAPointerToHelpAndExit2() {
    CliRun notANumber = CliRun.of(null, "--rate", "fast");
    assertThat(notANumber.exitCode()).isEqualTo(2);
    assertThat(notANumber.err())
        .contains("--rate")
        .contains("Try 'loadtest --help'")
        .doesNotContain("Usage:");

    CliRun unknown = CliRun.of(null, "--frobnicate");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("--frobnicate")
        .contains("Try 'loadtest --help'")
        .doesNotContain("Usage:");

    CliRun policy = CliRun.of(null, "--cpu-policy", "realtime");
    assertThat(policy.exitCode()).isEqualTo(2);
    assertThat(policy.err())
        .contains("--cpu-policy")
        .contains("BATCH")
        .contains("Try 'loadtest --help'")
        .doesNotContain("Usage:");

    CliRun invalid = CliRun.of(null, "--consumers", "0", "--duration", "0s");
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.err())
        .contains("--duration must be positive")
        .contains("Try 'loadtest --help'")
        .doesNotContain("Usage:");
  }

  @Test
  void helpListsTheOptions() {
    CliRun help = CliRun.of(null, "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--broker", "--rate", "--max-p99", "--json", "Exit codes");
  }

  @Test
  void aMissedThresholdExits1() {
    CliRun run =
        CliRun.of(
            null,
            "--broker",
            "mem://slow",
            "--rate",
            "500",
            "--duration",
            "1s",
            "--warmup",
            "0s",
            "--min-rate",
            "1000000",
            "--quiet");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).contains("FAIL ").contains("FAILED");
  }

  @Test
  void anUnknownSchemeSaysWhichAreAvailable() {
    CliRun run = CliRun.of(null, "--broker", "kafka://localhost:9092", "--duration", "1s");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("kafka").contains("mem").doesNotContain("\tat ");
  }
}
