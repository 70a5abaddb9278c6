package io.detektr.deploy.health;

import io.detektr.deploy.Secrets;
import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.remote.Remote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The built-in checks: redis (AUTH + PING), http (status 200 + a metric's value), tcp. */
public final class Checks {
  private Checks() {}

  /** The enabled checks of the configuration. */
  public static List<HealthCheck> from(DeployConfig.Health health, Secrets secrets) {
    List<HealthCheck> out = new ArrayList<>();
    for (DeployConfig.Check c : health.checks()) {
      if (c.enabled()) {
        out.add(of(c, secrets, health.checkTimeout()));
      }
    }
    return out;
  }

  static HealthCheck of(DeployConfig.Check c, Secrets secrets, Duration timeout) {
    return switch (c.type()) {
      case "redis" -> new TunnelCheck(c, timeout, t -> redis(t, c, secrets));
      case "http" -> new TunnelCheck(c, timeout, t -> http(t, c));
      default -> new TunnelCheck(c, timeout, t -> CheckResult.ok(c.name(), "connected"));
    };
  }

  /** Redis PING, after AUTH when a password variable is configured. */
  static CheckResult redis(Remote.Tunnel t, DeployConfig.Check c, Secrets secrets)
      throws IOException {
    Resp resp = new Resp(t.in(), t.out());
    if (!c.passwordEnv().isEmpty()) {
      String pw = secrets.require(c.passwordEnv(), "Redis password of check " + c.name());
      String auth = resp.call("AUTH", pw);
      if (!auth.equals("OK")) {
        return CheckResult.failed(c.name(), "AUTH refused: " + secrets.mask(auth));
      }
    }
    String pong = resp.call("PING");
    return pong.equals("PONG")
        ? CheckResult.ok(c.name(), "PONG")
        : CheckResult.failed(c.name(), "PING answered '" + pong + "'");
  }

  /**
   * HTTP/1.0 GET; passes on status 200 and, when configured, a body whose metric meets expect
   * (parsed from the exposition: see {@link MetricExpectation}).
   */
  static CheckResult http(Remote.Tunnel t, DeployConfig.Check c) throws IOException {
    String req =
        "GET "
            + c.path()
            + " HTTP/1.0\r\nHost: "
            + c.host()
            + ":"
            + c.port()
            + "\r\nUser-Agent: deploy-agent\r\nConnection: close\r\n\r\n";
    t.out().write(req.getBytes(StandardCharsets.US_ASCII));
    t.out().flush();
    String response = new String(t.in().readAllBytes(), StandardCharsets.UTF_8);
    String status = response.lines().findFirst().orElse("");
    if (!status.matches("HTTP/1\\.[01] 200.*")) {
      return CheckResult.failed(c.name(), "GET " + c.path() + " answered '" + status + "'");
    }
    if (c.expect().isEmpty()) {
      return CheckResult.ok(c.name(), "200");
    }
    MetricExpectation want =
        MetricExpectation.parse(c.expect())
            .orElseThrow(() -> new IllegalStateException("unchecked expect " + c.expect()));
    int bodyAt = response.indexOf("\r\n\r\n");
    String body = bodyAt < 0 ? "" : response.substring(bodyAt + 4);
    String why = want.check(body);
    return why == null
        ? CheckResult.ok(c.name(), "200, " + want)
        : CheckResult.failed(c.name(), "GET " + c.path() + ": " + why);
  }

  interface Probe {
    CheckResult run(Remote.Tunnel tunnel) throws IOException;
  }

  /** Opens a tunnel to the check's endpoint and runs a probe on it within the check timeout. */
  record TunnelCheck(DeployConfig.Check check, Duration timeout, Probe probe)
      implements HealthCheck {
    @Override
    public String name() {
      return check.name();
    }

    @Override
    public CheckResult run(Remote remote) {
      String where = check.host() + ":" + check.port();
      CompletableFuture<Remote.Tunnel> opened = new CompletableFuture<>();
      CompletableFuture<CheckResult> result =
          CompletableFuture.supplyAsync(
              () -> {
                try (Remote.Tunnel t = remote.connect(check.host(), check.port())) {
                  opened.complete(t);
                  return probe.run(t);
                } catch (IOException | RuntimeException e) {
                  return CheckResult.failed(check.name(), where + ": " + message(e));
                }
              });
      try {
        return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        opened.thenAccept(Remote.Tunnel::close);
        return CheckResult.failed(
            check.name(), where + ": no answer within " + timeout.toMillis() + " ms");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return CheckResult.failed(check.name(), "interrupted");
      } catch (ExecutionException e) {
        return CheckResult.failed(check.name(), where + ": " + message(e.getCause()));
      }
    }

    private static String message(Throwable e) {
      String m = e.getMessage();
      return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
  }
}
