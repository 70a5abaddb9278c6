package io.detektr.deploy.ops;

import io.detektr.deploy.DeployException;
import io.detektr.deploy.Secrets;
import io.detektr.deploy.commands.Commands;
import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.health.Backoff;
import io.detektr.deploy.health.Checks;
import io.detektr.deploy.health.HealthCheck;
import io.detektr.deploy.health.HealthPoller;
import io.detektr.deploy.release.ReleaseStore;
import io.detektr.deploy.release.ServiceFingerprint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The parts deploy, rollback and repair share around the stack: producers stopped first and started
 * last (alone), the Redis snapshot (with the running release's password, refused when the data disk
 * is too small), health verification with a release's own secrets, and which services a release
 * leaves unchanged.
 */
final class Phases {
  private static final String SNAPSHOT = "snapshotting Redis (BGSAVE)";
  private final Target t;
  private final ReleaseStore store;
  private final Stack stack;

  Phases(Target target) {
    this.t = target;
    this.store = target.store();
    this.stack = target.stack();
  }

  /**
   * The secrets a release was started with (its {@code .env}), in the names of the local variables:
   * a rollback after a rotation checks the old release with its old password.
   */
  Secrets secretsOf(String release) {
    Map<String, String> env = store.env(release);
    Map<String, String> byVariable = new LinkedHashMap<>();
    t.config()
        .secrets()
        .forEach(
            (composeVar, variable) -> {
              if (env.containsKey(composeVar)) {
                byVariable.put(variable, env.get(composeVar));
              }
            });
    return t.secrets().with(byVariable);
  }

  /**
   * The services whose container can stay: same fingerprint (definition, mounted files, env) in
   * both releases, and the container runs the pinned image.
   */
  List<String> unchanged(
      String previous, String next, List<String> services, Map<String, String> pinned) {
    String prevCompose = text(store.releaseDir(previous) + "/" + Commands.COMPOSE_FILE);
    String nextCompose = text(store.releaseDir(next) + "/" + Commands.COMPOSE_FILE);
    if (prevCompose == null || nextCompose == null) {
      return List.of();
    }
    Map<String, String> prevEnv = store.env(previous);
    Map<String, String> nextEnv = store.env(next);
    List<String> out = new ArrayList<>();
    for (String service : services) {
      String a =
          ServiceFingerprint.of(
              prevCompose,
              service,
              f -> t.remote().read(store.releaseDir(previous) + "/" + f),
              prevEnv);
      String b =
          ServiceFingerprint.of(
              nextCompose,
              service,
              f -> t.remote().read(store.releaseDir(next) + "/" + f),
              nextEnv);
      if (a.equals(b) && stack.mismatches(List.of(service), pinned).isEmpty()) {
        out.add(service);
      }
    }
    return out;
  }

  static Map<String, String> allFrom(String release, List<String> services) {
    Map<String, String> m = new LinkedHashMap<>();
    services.forEach(s -> m.put(s, release));
    return m;
  }

  String text(String path) {
    return t.remote().read(path).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
  }

  /** Producers stop before Redis is touched, so that none of them publishes into the outage. */
  void stopProducers(Steps s, Optional<String> current, List<String> producers) {
    String title = "stopping producers";
    if (producers.isEmpty() || current.isEmpty()) {
      s.skip(title, producers.isEmpty() ? "no producers configured" : "no current release");
      return;
    }
    s.run(
        title,
        () -> {
          stack.stop(store.releaseDir(current.get()), producers);
          return String.join(", ", producers) + " stopped";
        });
  }

  /** Producers start last, alone (--no-deps: through depends_on Redis would restart again). */
  void startProducers(Steps s, String dir, List<String> producers, Map<String, String> pinned) {
    String title = "starting producers";
    if (producers.isEmpty()) {
      s.skip(title, "no producers configured");
      return;
    }
    s.run(
        title,
        () -> {
          stack.upNoDeps(dir, producers);
          return stack.verifyRunning(producers, only(pinned, producers));
        });
  }

  /** The snapshot; when it fails nothing else changed, so the stopped producers start again. */
  void snapshotOrResume(Steps s, Optional<String> current, List<String> producers) {
    try {
      snapshot(s, current);
    } catch (DeployException e) {
      if (current.isPresent() && !producers.isEmpty()) {
        try {
          stack.upNoDeps(store.releaseDir(current.get()), producers);
          t.warn("started the producers of release " + current.get() + " again");
        } catch (DeployException again) {
          t.warn("could not start the producers again: " + again.getMessage());
        }
      }
      throw e;
    }
  }

  void snapshot(Steps s, Optional<String> current) {
    boolean running = current.isPresent();
    String title = SNAPSHOT;
    if (!running || stack.redisCheck().isEmpty()) {
      s.skip(title, running ? "no redis health check configured" : "no running release");
      return;
    }
    s.run(
        title,
        () -> {
          try {
            return stack.snapshot(
                t.config().health().deadline(),
                secretsOf(current.get()),
                stack.redisDataPath(store.releaseDir(current.get())));
          } catch (DeployException e) {
            if (!e.retriable()) {
              throw e;
            }
            t.warn("no snapshot: " + e.getMessage() + " (Redis keeps what it last saved)");
            return "Redis not reachable, no snapshot";
          }
        });
  }

  String verifyHealth(Secrets secrets) {
    List<HealthCheck> checks = Checks.from(t.config().health(), secrets);
    if (checks.isEmpty()) {
      t.warn("no health checks configured: only the running containers were verified");
      return "no checks configured";
    }
    DeployConfig.Health h = t.config().health();
    HealthPoller.Outcome o =
        new HealthPoller(
                new Backoff(h.initialInterval(), h.maxInterval(), h.factor()), h.deadline())
            .poll(t.remote(), checks, round -> {});
    if (!o.healthy()) {
      throw new DeployException(
          "health checks still failing after "
              + o.rounds()
              + " rounds ("
              + h.deadline().toSeconds()
              + " s deadline): "
              + o.failures(),
          "look at the container logs on the server; the health checks are in the config's health section");
    }
    return o.last().stream().map(r -> r.name() + " " + r.detail()).collect(Collectors.joining(", "))
        + " (round "
        + o.rounds()
        + ")";
  }

  private static Map<String, String> only(Map<String, String> m, List<String> keys) {
    Map<String, String> out = new LinkedHashMap<>();
    keys.forEach(
        k -> {
          if (m.containsKey(k)) {
            out.put(k, m.get(k));
          }
        });
    return out;
  }
}
