package io.detektr.deploy.cli;

import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.ops.Target;
import io.detektr.deploy.release.LockInfo;
import io.detektr.deploy.remote.Remote;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lock", description = "Take the server's deploy lock (e.g. for maintenance).")
final class LockCommand extends AgentCommand {
  @Option(names = "--reason", required = true, description = "Why (shown to whoever is refused).")
  String reason;

  @Override
  String name() {
    return "lock";
  }

  @Override
  int execute(DeployConfig config) {
    try (Remote remote = connect(config)) {
      Target t = target(config, remote);
      t.store().lock(new LockInfo(t.who(), Instant.now(), "lock", reason));
      t.store().audit(t.who(), "lock", "ok", "reason=\"" + reason.replace('"', '\'') + "\"");
      renderer.line("", "locked " + remote.describe() + " by " + t.who());
      return 0;
    }
  }
}
