package io.detektr.deploy.release;

import io.detektr.deploy.DeployException;

/** The server is locked by another deploy. */
public final class LockException extends DeployException {
  private static final long serialVersionUID = 1L;

  public LockException(String message, String advice) {
    super(message, advice, true, null);
  }
}
