package io.detektr.deploy.cli;

import io.detektr.deploy.Secrets;
import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.remote.Remote;
import io.detektr.deploy.remote.SshRemote;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code deploy-agent} command: a thin front-end over the core in {@code io.detektr.deploy}.
 */
@Command(
    name = "deploy-agent",
    mixinStandardHelpOptions = true,
    version = "deploy-agent 0.1.0",
    description = "Preflight, build, deploy, verify and roll back the broker stack over SSH.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:failed", "2:bad usage or an invalid configuration file"},
    footer = "%nEvery subcommand has --help; start with: deploy-agent preflight",
    subcommands = {
      PreflightCommand.class,
      BuildCommand.class,
      DeployCommand.class,
      RollbackCommand.class,
      RepairCommand.class,
      StatusCommand.class,
      HistoryCommand.class,
      LockCommand.class,
      UnlockCommand.class
    })
public final class DeployAgentCli {
  final Function<String, String> env;
  final PrintStream out;
  final PrintStream err;
  final BiFunction<DeployConfig, Secrets, Remote> connector;

  public DeployAgentCli(
      Function<String, String> env,
      PrintStream out,
      PrintStream err,
      BiFunction<DeployConfig, Secrets, Remote> connector) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.connector = connector;
  }

  /** Runs the CLI with the given environment and streams; returns the exit code (0, 1 or 2). */
  public static int run(
      Function<String, String> env, PrintStream out, PrintStream err, String... args) {
    DeployAgentCli cli = new DeployAgentCli(env, out, err, (c, s) -> SshRemote.connect(c.ssh(), s));
    CommandLine cl = new CommandLine(cli);
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(err, true));
    cl.setParameterExceptionHandler(DeployAgentCli::badUsage);
    return cl.execute(args);
  }

  /** A bad option or argument: one line saying what was wrong and where the help is, exit 2. */
  private static int badUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + e.getMessage());
    err.println("  what to do: see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
    if (java.util.Arrays.asList(args).contains("--stacktrace")) {
      e.printStackTrace(err);
    }
    err.flush();
    return 2;
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(System::getenv, out, err, args));
  }
}
