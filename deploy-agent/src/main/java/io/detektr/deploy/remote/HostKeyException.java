package io.detektr.deploy.remote;

import io.detektr.deploy.DeployException;

/** The server's host key is unknown or differs from the one in known_hosts: refused. */
public final class HostKeyException extends DeployException {
  private static final long serialVersionUID = 1L;

  public HostKeyException(String message, String advice) {
    super(message, advice, false, null);
  }
}
