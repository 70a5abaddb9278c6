package io.detektr.deploy.cli;

import io.detektr.deploy.ops.Deployer;
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
final class RepairCommand extends ReleaseSwitchCommand {
  @Option(
      names = "--to",
      paramLabel = "RELEASE",
      description = "Release number to re-apply (default: the current one).")
  String to;

  @Override
  String name() {
    return "repair";
  }

  @Override
  String to() {
    return to;
  }

  @Override
  String defaultRelease() {
    return "<current>";
  }

  @Override
  Deployer.Result run(Deployer deployer, Optional<String> release) {
    return deployer.repair(release, reason, forceUnlock);
  }
}
