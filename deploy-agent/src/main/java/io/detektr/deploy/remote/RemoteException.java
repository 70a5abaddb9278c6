package io.detektr.deploy.remote;

import io.detektr.deploy.DeployException;

/** A remote command failed, timed out, or the connection broke. */
public class RemoteException extends DeployException {
  private static final long serialVersionUID = 1L;

  public RemoteException(String message, String advice, boolean retriable, Throwable cause) {
    super(message, advice, retriable, cause);
  }

  /** The failure of a command that exited non-zero, as a cause to keep. */
  public static RemoteException failedWith(ExecResult r) {
    return failed(r);
  }

  static RemoteException failed(ExecResult r) {
    String err = r.stderr().isBlank() ? r.stdout() : r.stderr();
    return new RemoteException(
        "remote command failed with exit code "
            + r.exitCode()
            + ": "
            + r.command().toShell()
            + "\n  stderr: "
            + tail(err.strip()),
        r.exitCode() == 127
            ? "the command is not installed on the server (or not on its PATH)"
            : "",
        false,
        null);
  }

  static String tail(String s) {
    return s.length() > 2000 ? "..." + s.substring(s.length() - 2000) : s;
  }
}
