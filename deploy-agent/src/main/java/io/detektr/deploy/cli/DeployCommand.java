package io.detektr.deploy.cli;

import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.image.Git;
import io.detektr.deploy.ops.Deployer;
import io.detektr.deploy.ops.Plans;
import io.detektr.deploy.remote.Remote;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "deploy",
    description = "Roll out a new release, verify it, roll back automatically on failure.")
final class DeployCommand extends AgentCommand {
  @Option(names = "--tag", description = "Image tag to deploy (default: the git commit).")
  String tag;

  @Option(
      names = "--reason",
      defaultValue = "",
      description = "Why (recorded in the lock, release and audit log).")
  String reason;

  @Option(
      names = "--force-unlock",
      description = "Remove a stale lock first (recorded in the audit log).")
  boolean forceUnlock;

  @Option(names = "--dry-run", description = "Print the plan and exit without connecting.")
  boolean dryRun;

  @Override
  String name() {
    return "deploy";
  }

  @Override
  int execute(DeployConfig config) {
    String t = BuildCommand.resolveTag(tag, config);
    if (dryRun) {
      Plans.deploy(config, t).forEach(l -> renderer.line("", l));
      renderer.put("plan", Plans.deploy(config, t));
      return 0;
    }
    refusePlaceholders(config);
    String sha = Git.headSha(config.source().getParent()).orElse(t);
    try (Remote remote = connect(config)) {
      Deployer.Result r = new Deployer(target(config, remote)).deploy(t, sha, forceUnlock, reason);
      renderer.line("", String.format("%s (%.1f s)", r.message(), r.took().toMillis() / 1000.0));
      renderer.put("release", r.release());
      renderer.put("previous", r.previous());
      renderer.put("seconds", r.took().toMillis() / 1000.0);
      return 0;
    }
  }
}
