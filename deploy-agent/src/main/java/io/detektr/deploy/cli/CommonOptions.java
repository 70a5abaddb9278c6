package io.detektr.deploy.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Options every subcommand takes; the mixin also gives each one {@code -h/--help} and the list of
 * exit codes in its help.
 */
@Command(
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done (status: everything runs its release and is healthy)",
      "1:failed: the message says what happened and what to do",
      "2:bad usage or an invalid configuration file"
    })
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
