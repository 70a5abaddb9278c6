package io.detektr.deploy.health;

import io.detektr.deploy.remote.Remote;

/** One health check, run from the agent through the SSH connection to the server. */
public interface HealthCheck {
  String name();

  /** Runs the check once; returns a failed result (never throws) when it does not pass. */
  CheckResult run(Remote remote);
}
