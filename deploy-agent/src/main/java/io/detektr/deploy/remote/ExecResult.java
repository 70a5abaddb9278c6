package io.detektr.deploy.remote;

import io.detektr.deploy.commands.RemoteCommand;

/** Outcome of one remote command. */
public record ExecResult(RemoteCommand command, int exitCode, String stdout, String stderr) {
  public boolean ok() {
    return exitCode == 0;
  }

  /** This result, or a {@link RemoteException} with the exit code and stderr when it failed. */
  public ExecResult checked() {
    if (!ok()) {
      throw RemoteException.failed(this);
    }
    return this;
  }
}
