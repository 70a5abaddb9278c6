package io.detektr.deploy.health;

/** Outcome of one health check run. */
public record CheckResult(String name, boolean ok, String detail) {
  public static CheckResult ok(String name, String detail) {
    return new CheckResult(name, true, detail);
  }

  public static CheckResult failed(String name, String detail) {
    return new CheckResult(name, false, detail);
  }
}
