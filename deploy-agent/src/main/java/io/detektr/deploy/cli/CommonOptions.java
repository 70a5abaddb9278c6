package io.detektr.deploy.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every subcommand takes. */
public final class CommonOptions {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      defaultValue = "deploy/nebula.yml",
      description = "Configuration file (default: ${DEFAULT-VALUE}).")
  Path config;

  @Option(names = "--json", description = "Print one JSON object for CI instead of progress lines.")
  boolean json;

  @Option(
      names = {"-v", "--verbose"},
      description = "Show what each step found.")
  boolean verbose;

  @Option(names = "--stacktrace", description = "Show the stack trace of a failure.")
  boolean stacktrace;
}
