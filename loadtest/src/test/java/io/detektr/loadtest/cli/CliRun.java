package io.detektr.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** One in-process run of the CLI: exit code, what it printed, and its JSON report if any. */
record CliRun(int exitCode, String out, String err, JsonNode json) {
  static CliRun of(Path jsonFile, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        LoadTestCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    JsonNode json = null;
    if (jsonFile != null && jsonFile.toFile().exists()) {
      try {
        json = new ObjectMapper().readTree(jsonFile.toFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new CliRun(code, out.toString(), err.toString(), json);
  }

  long count(String key) {
    return json.get(key).asLong();
  }

  /**
   * A clean run: it passed and every one of {@code messages} was sent, confirmed and received once.
   */
  void assertEveryMessageCountedOnce(long messages) {
    assertThat(exitCode).as(toString()).isZero();
    assertThat(count("sent")).isEqualTo(messages);
    assertThat(count("confirmed")).isEqualTo(messages);
    assertThat(count("received")).isEqualTo(messages);
    assertThat(count("lost")).isZero();
    assertThat(count("duplicates")).isZero();
  }

  /** A run with a killed consumer: nothing lost, its redeliveries counted as duplicates. */
  void assertRedeliveriesAreDuplicatesNotLoss(long messages) {
    assertThat(exitCode).as(toString()).isZero();
    assertThat(count("sent")).isEqualTo(messages);
    assertThat(count("received")).isEqualTo(messages);
    assertThat(count("lost")).isZero();
    assertThat(count("duplicates")).isGreaterThanOrEqualTo(1);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out:\n" + out + "\n--- err:\n" + err;
  }
}
