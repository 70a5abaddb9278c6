package io.detektr.deploy.cli;

import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.ops.Deployer;
import io.detektr.deploy.ops.Plans;
import io.detektr.deploy.remote.Remote;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "rollback",
    description =
        "Stop producers, snapshot Redis, switch to the previous (or named) release, verify, restart producers.")
final class RollbackCommand extends AgentCommand {
  @Option(
      names = "--to",
      paramLabel = "RELEASE",
      description = "Release number to switch to (default: the previous healthy one).")
  String to;

  @Option(
      names = "--reason",
      defaultValue = "",
      description = "Why (recorded in the lock and audit log).")
  String reason;

  @Option(
      names = "--force-unlock",
      description = "Remove a stale lock first (recorded in the audit log).")
  boolean forceUnlock;

  @Option(names = "--dry-run", description = "Print the plan and exit without connecting.")
  boolean dryRun;

  @Override
  String name() {
    return "rollback";
  }

  @Override
  int execute(DeployConfig config) {
    if (dryRun) {
      Plans.rollback(config, to == null ? "<previous>" : to).forEach(l -> renderer.line("", l));
      return 0;
    }
    try (Remote remote = connect(config)) {
      Deployer.Result r =
          new Deployer(target(config, remote))
              .rollback(Optional.ofNullable(to), reason, forceUnlock);
      renderer.line("", r.message());
      renderer.put("release", r.release());
      renderer.put("previous", r.previous());
      renderer.put("seconds", r.took().toMillis() / 1000.0);
      return 0;
    }
  }
}
