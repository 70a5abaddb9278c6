package io.detektr.deploy.ops;

import io.detektr.deploy.Secrets;
import io.detektr.deploy.commands.Commands;
import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.release.ReleaseStore;
import io.detektr.deploy.remote.Remote;

/**
 * Everything an action needs about the server it acts on.
 *
 * @param who the operator, {@code user@host} of the machine running the agent
 */
public record Target(
    DeployConfig config, Secrets secrets, Remote remote, EventSink sink, String who) {
  public Commands commands() {
    return new Commands(config);
  }

  public ReleaseStore store() {
    return new ReleaseStore(remote, config.remoteDir(), secrets);
  }

  public Stack stack() {
    return new Stack(this);
  }

  void info(String message) {
    sink.on(new Event.Info(secrets.mask(message)));
  }

  void warn(String message) {
    sink.on(new Event.Warning(secrets.mask(message)));
  }
}
