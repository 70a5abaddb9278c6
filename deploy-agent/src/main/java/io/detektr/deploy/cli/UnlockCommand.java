package io.detektr.deploy.cli;

import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.ops.Target;
import io.detektr.deploy.release.LockInfo;
import io.detektr.deploy.remote.Remote;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(
    name = "unlock",
    description = "Release the server's deploy lock, whoever holds it (recorded in the audit log).")
final class UnlockCommand extends AgentCommand {
  @Override
  String name() {
    return "unlock";
  }

  @Override
  int execute(DeployConfig config) {
    try (Remote remote = connect(config)) {
      Target t = target(config, remote);
      Optional<LockInfo> held = t.store().lockInfo();
      boolean removed = t.store().unlock();
      t.store()
          .audit(
              t.who(),
              "unlock",
              removed ? "ok" : "not-locked",
              held.map(h -> "previous=\"" + h.describe().replace('"', '\'') + "\"").orElse(""));
      renderer.line(
          "",
          removed
              ? "unlocked (was held by " + held.map(LockInfo::describe).orElse("?") + ")"
              : "was not locked");
      return 0;
    }
  }
}
