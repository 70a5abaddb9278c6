package io.detektr.deploy.ops;

import io.detektr.deploy.DeployException;
import io.detektr.deploy.release.LockInfo;
import io.detektr.deploy.release.ReleaseStore;
import io.detektr.deploy.remote.ReconnectingRemote;
import java.time.Instant;
import java.util.Optional;

/**
 * One action under the server lock, the same for deploy, rollback and repair: secrets checked,
 * lock, body, one audit line with the outcome, unlock. A failure of the audit line or of the unlock
 * is a warning and never hides the body's own error.
 */
final class Locked {
  static final String LOCK_STEP = "locking the server";

  /** The work done under the lock. */
  interface Body<T> {
    T run(Locked action);
  }

  private final Target t;
  private final ReleaseStore store;
  private final String action;
  private final long t0 = System.nanoTime();
  private boolean held;
  private String outcome = "failed";
  private String detail = "";

  private Locked(Target t, ReleaseStore store, String action) {
    this.t = t;
    this.store = store;
    this.action = action;
  }

  static <T> T run(
      Target t,
      ReleaseStore store,
      Steps steps,
      String action,
      String reason,
      boolean forceUnlock,
      Body<T> body) {
    t.secrets().requireAll(t.config().requiredSecrets());
    Locked a = new Locked(t, store, action);
    try {
      steps.run(LOCK_STEP, () -> a.lock(reason, forceUnlock));
      T result = body.run(a);
      if (a.outcome.equals("failed")) {
        a.outcome = "ok";
      }
      return result;
    } catch (DeployException e) {
      a.detail += " error=\"" + firstLine(e.getMessage()) + "\"";
      throw e;
    } finally {
      a.finish();
    }
  }

  /** What the audit line says happened (default: ok when the body returns, failed when not). */
  void outcome(String value) {
    outcome = value;
  }

  /** The audit line's details (replaces what was set before). */
  void detail(String value) {
    detail = value;
  }

  void addDetail(String value) {
    detail += " " + value;
  }

  private String lock(String reason, boolean force) {
    String note = "";
    if (force) {
      Optional<LockInfo> old = store.lockInfo();
      if (old.isPresent()) {
        store.unlock();
        note = " (forced: removed lock of " + old.get().describe() + ")";
        t.warn("--force-unlock removed the lock held by " + old.get().describe());
        store.audit(t.who(), "force-unlock", "ok", "previous=\"" + old.get().describe() + "\"");
      }
    }
    store.lock(new LockInfo(t.who(), Instant.now(), action, reason));
    held = true;
    return "locked by " + t.who() + note;
  }

  private void finish() {
    String took = String.format(" took=%.1fs", (System.nanoTime() - t0) / 1e9);
    String reconnects =
        t.remote() instanceof ReconnectingRemote r && r.reconnects() > 0
            ? " reconnects=" + r.reconnects()
            : "";
    try {
      store.audit(t.who(), action, outcome, detail.trim() + reconnects + took);
    } catch (DeployException e) {
      t.warn("could not write the audit line: " + e.getMessage());
    }
    if (held) {
      try {
        store.unlock();
      } catch (DeployException e) {
        t.warn(
            "could not remove the lock: "
                + e.getMessage()
                + "; remove it with 'deploy-agent unlock' (or repair --force-unlock)");
      }
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("").replace('"', '\'');
  }
}
