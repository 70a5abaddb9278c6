package io.detektr.deploy.cli;

import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.ops.Deployer;
import io.detektr.deploy.ops.Plans;
import io.detektr.deploy.remote.Remote;
import java.util.Optional;
import picocli.CommandLine.Option;

/** What rollback and repair share: a release to switch to, the lock options, the dry run. */
abstract class ReleaseSwitchCommand extends AgentCommand {
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

  /** The {@code --to} release, or null for the default. */
  abstract String to();

  /** How the plan names the default release. */
  abstract String defaultRelease();

  abstract Deployer.Result run(Deployer deployer, Optional<String> to);

  /** Extra figures of the result for the summary. */
  void report(Deployer.Result result) {}

  @Override
  final int execute(DeployConfig config) {
    if (dryRun) {
      Plans.rollback(config, to() == null ? defaultRelease() : to())
          .forEach(l -> renderer.line("", l));
      return 0;
    }
    try (Remote remote = connect(config)) {
      Deployer.Result r = run(new Deployer(target(config, remote)), Optional.ofNullable(to()));
      renderer.line("", r.message());
      renderer.put("release", r.release());
      report(r);
      renderer.put("seconds", r.took().toMillis() / 1000.0);
      return 0;
    }
  }
}
