package io.detektr.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths the run reads or writes are checked before it starts: before, an unwritable --json path
 * printed PASSED and then failed, a missing --json directory was created silently, and a missing
 * --payload-file failed the run (exit 1) with an exception's name.
 */
class CheckedPathsTest {
  @TempDir Path dir;

  @Test
  void aJsonFileInAMissingDirectoryIsRefusedBeforeTheRun() {
    Path json = dir.resolve("no-such-dir").resolve("run.json");
    CliRun run = CliRun.of(null, "--duration", "1s", "--warmup", "0s", "--json", json.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--json " + json + ": the directory " + json.getParent() + " does not exist")
        .contains("Try 'loadtest --help'");
    assertThat(run.out()).doesNotContain("PASSED");
    assertThat(json.getParent()).doesNotExist();
  }

  @Test
  void anUnwritableJsonOrReportPathIsRefusedBeforeTheRun() {
    // /proc refuses new files even to root, whatever the permission bits say
    CliRun json = CliRun.of(null, "--duration", "1s", "--json", "/proc/loadtest-run.json");
    assertThat(json.exitCode()).isEqualTo(2);
    assertThat(json.err()).contains("--json /proc/loadtest-run.json cannot be written");
    assertThat(json.out()).doesNotContain("PASSED");

    CliRun report = CliRun.of(null, "--duration", "1s", "--report", dir.toString());
    assertThat(report.exitCode()).isEqualTo(2);
    assertThat(report.err()).contains("--report " + dir + " is a directory");
  }

  @Test
  void aMissingPayloadFileExitsTwoWithAPlainMessage() {
    Path missing = dir.resolve("frame.jpg");
    CliRun run = CliRun.of(null, "--duration", "1s", "--payload-file", missing.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--payload-file " + missing + " does not exist")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void aWritableJsonPathIsLeftAsItWasUntilTheRunWritesIt() throws Exception {
    Path json = dir.resolve("run.json");
    CliRun run =
        CliRun.of(
            json, "--duration", "1s", "--warmup", "0s", "--rate", "100", "--json", json.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readString(json)).contains("\"passed\" : true");
  }
}
