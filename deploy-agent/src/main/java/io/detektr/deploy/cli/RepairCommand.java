package io.detektr.deploy.cli;

import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.ops.Deployer;
import io.detektr.deploy.ops.Plans;
import io.detektr.deploy.remote.Remote;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "repair",
    description = {
      "Re-apply the current release (or --to RELEASE): stop producers, snapshot Redis, remove"
          + " containers that do not run their pinned image, recreate, verify, restart producers.",
      "The way out of any stuck state: a failed automatic rollback, a crash-looping container,"
          + " a release left 'deploying'; with --force-unlock also a lock left by a dead agent."
    })
final class RepairCommand extends AgentCommand {
  @Option(
      names = "--to",
      paramLabel = "RELEASE",
      description = "Release number to re-apply (default: the current one).")
  String to;

  @Option(
      names = "--reason",
      defaultValue = "",
      description = "Why (recorded in the lock and audit log).")
  String reason;

  @Option(
      names = "--force-unlock",
      description = "Remove a lock left by a dead agent first (recorded in the audit log).")
  boolean forceUnlock;

  @Option(names = "--dry-run", description = "Print the plan and exit without connecting.")
  boolean dryRun;

  @Override
  String name() {
    return "repair";
  }

  @Override
  int execute(DeployConfig config) {
    if (dryRun) {
      Plans.rollback(config, to == null ? "<current>" : to).forEach(l -> renderer.line("", l));
      return 0;
    }
    try (Remote remote = connect(config)) {
      Deployer.Result r =
          new Deployer(target(config, remote)).repair(Optional.ofNullable(to), reason, forceUnlock);
      renderer.line("", r.message());
      renderer.put("release", r.release());
      renderer.put("seconds", r.took().toMillis() / 1000.0);
      return 0;
    }
  }
}
