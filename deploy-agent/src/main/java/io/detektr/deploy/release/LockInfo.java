package io.detektr.deploy.release;

import java.time.Instant;

/** Who holds the server's deploy lock, since when and why. */
public record LockInfo(String owner, Instant since, String action, String reason) {
  public String describe() {
    return owner
        + " since "
        + since
        + " ("
        + action
        + (reason.isEmpty() ? "" : ": " + reason)
        + ")";
  }
}
