package io.detektr.loadtest.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * A bad option prints one line saying what was wrong and where to look, not the whole usage (which
 * {@code --help} shows): exit code 2.
 */
final class ShortUsageError implements CommandLine.IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println(cli.getCommandName() + ": error: " + e.getMessage());
    err.println("Try '" + cli.getCommandName() + " --help' for the options.");
    err.flush();
    return ErrorReport.BAD_OPTIONS;
  }
}
