package io.detektr.deploy.cli;

import io.detektr.deploy.ops.Deployer;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "rollback",
    description =
        "Stop producers, snapshot Redis, switch to the previous (or named) release, verify, restart producers.")
final class RollbackCommand extends ReleaseSwitchCommand {
  @Option(
      names = "--to",
      paramLabel = "RELEASE",
      description = "Release number to switch to (default: the previous healthy one).")
  String to;

  @Override
  String name() {
    return "rollback";
  }

  @Override
  String to() {
    return to;
  }

  @Override
  String defaultRelease() {
    return "<previous>";
  }

  @Override
  Deployer.Result run(Deployer deployer, Optional<String> release) {
    return deployer.rollback(release, reason, forceUnlock);
  }

  @Override
  void report(Deployer.Result result) {
    renderer.put("previous", result.previous());
  }
}
