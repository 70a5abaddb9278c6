package io.detektr.deploy.ops;

import io.detektr.deploy.DeployException;
import io.detektr.deploy.commands.Commands;
import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.health.Backoff;
import io.detektr.deploy.health.CheckResult;
import io.detektr.deploy.health.Checks;
import io.detektr.deploy.health.HealthCheck;
import io.detektr.deploy.health.HealthPoller;
import io.detektr.deploy.release.ComposePinner;
import io.detektr.deploy.release.LockInfo;
import io.detektr.deploy.release.Release;
import io.detektr.deploy.release.ReleaseHistory;
import io.detektr.deploy.release.ReleaseStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Deploy and rollback. A deploy locks the server, uploads a numbered release directory, pins image
 * digests, recreates the containers, verifies images and health and, on failure, brings the
 * previous healthy release back. A rollback stops the producers, snapshots Redis, switches to the
 * previous (or named) release, verifies it and restarts the producers. Data volumes are never
 * removed: the agent only runs {@code up} and {@code stop}.
 */
public final class Deployer {
  /** Steps of a deploy, in order. */
  public static final List<String> DEPLOY_STEPS =
      List.of(
          "locking the server",
          "uploading release",
          "pulling images",
          "pinning image digests",
          "snapshotting Redis (BGSAVE)",
          "recreating containers",
          "verifying running images",
          "verifying health",
          "recording release");

  /** Steps of a rollback, in order. */
  public static final List<String> ROLLBACK_STEPS =
      List.of(
          "locking the server",
          "choosing the release",
          "stopping producers",
          "snapshotting Redis (BGSAVE)",
          "switching release",
          "verifying running images",
          "verifying health",
          "starting producers",
          "recording release");

  private final Target t;
  private final ReleaseStore store;
  private final Stack stack;

  public Deployer(Target target) {
    this.t = target;
    this.store = target.store();
    this.stack = target.stack();
  }

  /** Result of a deploy or rollback that succeeded. */
  public record Result(String release, String previous, Duration took, String message) {}

  /** Deploys the images tagged {@code tag} with the current compose file and config files. */
  public Result deploy(String tag, String gitSha, boolean forceUnlock, String reason) {
    long t0 = System.nanoTime();
    Steps s = new Steps("", DEPLOY_STEPS.size(), t.sink(), t.secrets());
    boolean[] locked = {false};
    String[] id = {null};
    String outcome = "failed";
    String detail = "tag=" + tag;
    try {
      s.run(DEPLOY_STEPS.get(0), () -> lock("deploy", reason, forceUnlock, locked));
      Optional<String> before = store.current();
      List<Release> earlier = store.list();
      Map<String, String> pinned = new LinkedHashMap<>();
      s.run(
          DEPLOY_STEPS.get(1),
          () -> {
            id[0] = store.createNext();
            upload(store.releaseDir(id[0]));
            store.save(
                new Release(
                    id[0],
                    Instant.now(),
                    gitSha,
                    tag,
                    t.who(),
                    Map.of(),
                    Release.DEPLOYING,
                    reason));
            return "release " + id[0] + " in " + store.releaseDir(id[0]);
          });
      String dir = store.releaseDir(id[0]);
      detail = "release=" + id[0] + " tag=" + tag + " sha=" + gitSha;
      s.run(
          DEPLOY_STEPS.get(2),
          () -> {
            boolean loggedIn = !t.config().images().isEmpty() && stack.login();
            for (DeployConfig.ImageSpec image : t.config().images()) {
              pinned.put(image.service(), stack.pullAndResolve(image, tag));
            }
            return pinned.isEmpty()
                ? "no images configured"
                : pinned.size()
                    + " images at tag "
                    + tag
                    + (loggedIn
                        ? " (registry login as "
                            + t.secrets().plain(t.config().registry().usernameEnv()).orElse("")
                            + ")"
                        : "");
          });
      s.run(
          DEPLOY_STEPS.get(3),
          () -> {
            String source = readLocal(t.config().composeFile());
            String compose = pinned.isEmpty() ? source : ComposePinner.pin(source, pinned);
            t.remote()
                .write(
                    dir + "/" + Commands.COMPOSE_FILE,
                    compose.getBytes(StandardCharsets.UTF_8),
                    0644);
            store.save(
                new Release(
                    id[0], Instant.now(), gitSha, tag, t.who(), pinned, Release.DEPLOYING, reason));
            return pinned.values().stream()
                .map(Deployer::shortDigest)
                .collect(Collectors.joining(", "));
          });
      snapshot(s, before.isPresent());
      List<String> services = stack.services(dir);
      try {
        s.run(
            DEPLOY_STEPS.get(5),
            () -> {
              stack.up(dir, services);
              return String.join(", ", services);
            });
        s.run(DEPLOY_STEPS.get(6), () -> stack.verifyRunning(services, pinned));
        s.run(DEPLOY_STEPS.get(7), this::verifyHealth);
      } catch (Steps.StepFailed failed) {
        Release mine = store.read(id[0]);
        store.save(mine.withOutcome(Release.FAILED, failed.step() + ": " + failed.getMessage()));
        Optional<Release> target = rollbackTarget(earlier, before);
        String failedAt =
            "deploy of release "
                + id[0]
                + " failed at '"
                + failed.step()
                + "': "
                + failed.getMessage();
        if (target.isEmpty()) {
          throw new DeployException(
              failedAt + "; there is no earlier healthy release to roll back to",
              failed.advice(),
              false,
              failed);
        }
        t.warn(
            "release "
                + id[0]
                + " failed at '"
                + failed.step()
                + "'; rolling back to "
                + target.get().id());
        autoRollback(target.get());
        outcome = "rolled-back";
        detail += " rolled_back_to=" + target.get().id();
        throw new DeployException(
            failedAt
                + "; rolled back automatically to release "
                + target.get().id()
                + ", which is running and healthy",
            failed.advice(),
            false,
            failed);
      }
      s.run(
          DEPLOY_STEPS.get(8),
          () -> {
            store.save(store.read(id[0]).withOutcome(Release.LIVE, "healthy"));
            store.setCurrent(id[0]);
            List<String> pruned =
                ReleaseHistory.toPrune(store.list(), id[0], t.config().keepReleases());
            store.prune(pruned);
            return "current = " + id[0] + (pruned.isEmpty() ? "" : ", pruned " + pruned);
          });
      outcome = "ok";
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      return new Result(id[0], before.orElse(""), took, "release " + id[0] + " is live");
    } catch (DeployException e) {
      detail += " error=\"" + firstLine(e.getMessage()) + "\"";
      if (id[0] != null && Release.DEPLOYING.equals(store.read(id[0]).outcome())) {
        String step = e instanceof Steps.StepFailed f ? f.step() + ": " : "";
        store.save(store.read(id[0]).withOutcome(Release.FAILED, step + firstLine(e.getMessage())));
      }
      throw e;
    } finally {
      finish("deploy", locked[0], outcome, detail, t0);
    }
  }

  /** Rolls back to {@code to}, or to the newest healthy release before the current one. */
  public Result rollback(Optional<String> to, String reason, boolean forceUnlock) {
    long t0 = System.nanoTime();
    Steps s = new Steps("", ROLLBACK_STEPS.size(), t.sink(), t.secrets());
    boolean[] locked = {false};
    String outcome = "failed";
    String detail = "";
    try {
      s.run(ROLLBACK_STEPS.get(0), () -> lock("rollback", reason, forceUnlock, locked));
      Optional<String> current = store.current();
      List<Release> releases = store.list();
      Release target = pickTarget(releases, current, to);
      detail = "from=" + current.orElse("none") + " to=" + target.id();
      s.run(
          ROLLBACK_STEPS.get(1),
          () ->
              current.orElse("none")
                  + " -> "
                  + target.id()
                  + " ("
                  + target.tag()
                  + ", "
                  + target.createdAt()
                  + ")");
      String dir = store.releaseDir(target.id());
      List<String> producers = t.config().producers();
      if (producers.isEmpty() || current.isEmpty()) {
        s.skip(
            ROLLBACK_STEPS.get(2),
            producers.isEmpty() ? "no producers configured" : "no current release");
      } else {
        s.run(
            ROLLBACK_STEPS.get(2),
            () -> {
              stack.stop(store.releaseDir(current.get()), producers);
              return String.join(", ", producers) + " stopped";
            });
      }
      snapshot(s, current.isPresent());
      List<String> services = new ArrayList<>(stack.services(dir));
      services.removeAll(producers);
      s.run(
          ROLLBACK_STEPS.get(4),
          () -> {
            stack.up(dir, services);
            return "release " + target.id() + ": " + String.join(", ", services);
          });
      s.run(
          ROLLBACK_STEPS.get(5),
          () -> stack.verifyRunning(services, without(target.images(), producers)));
      s.run(ROLLBACK_STEPS.get(6), this::verifyHealth);
      if (producers.isEmpty()) {
        s.skip(ROLLBACK_STEPS.get(7), "no producers configured");
      } else {
        s.run(
            ROLLBACK_STEPS.get(7),
            () -> {
              stack.up(dir, producers);
              return stack.verifyRunning(producers, only(target.images(), producers));
            });
      }
      s.run(
          ROLLBACK_STEPS.get(8),
          () -> {
            store.setCurrent(target.id());
            if (!Release.LIVE.equals(target.outcome())) {
              store.save(target.withOutcome(Release.LIVE, "healthy after rollback"));
            }
            return "current = " + target.id();
          });
      outcome = "ok";
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      return new Result(
          target.id(),
          current.orElse(""),
          took,
          String.format(
              "rolled back to release %s in %.1f s", target.id(), took.toMillis() / 1000.0));
    } catch (DeployException e) {
      detail += " error=\"" + firstLine(e.getMessage()) + "\"";
      throw e;
    } finally {
      finish("rollback", locked[0], outcome, detail, t0);
    }
  }

  private String lock(String action, String reason, boolean force, boolean[] locked) {
    String note = "";
    if (force) {
      Optional<LockInfo> held = store.lockInfo();
      if (held.isPresent()) {
        store.unlock();
        note = " (forced: removed lock of " + held.get().describe() + ")";
        t.warn("--force-unlock removed the lock held by " + held.get().describe());
        store.audit(t.who(), "force-unlock", "ok", "previous=\"" + held.get().describe() + "\"");
      }
    }
    store.lock(new LockInfo(t.who(), Instant.now(), action, reason));
    locked[0] = true;
    return "locked by " + t.who() + note;
  }

  private void finish(String action, boolean locked, String outcome, String detail, long t0) {
    String took = String.format(" took=%.1fs", (System.nanoTime() - t0) / 1e9);
    try {
      store.audit(t.who(), action, outcome, detail.trim() + took);
    } finally {
      if (locked) {
        store.unlock();
      }
    }
  }

  private void snapshot(Steps s, boolean running) {
    String title = DEPLOY_STEPS.get(4);
    if (!running || stack.redisCheck().isEmpty()) {
      s.skip(title, running ? "no redis health check configured" : "no running release");
      return;
    }
    s.run(
        title,
        () -> {
          try {
            return stack.snapshot(t.config().health().deadline());
          } catch (DeployException e) {
            if (!e.retriable()) {
              throw e;
            }
            t.warn("no snapshot: " + e.getMessage() + " (Redis keeps what it last saved)");
            return "Redis not reachable, no snapshot";
          }
        });
  }

  private String verifyHealth() {
    List<HealthCheck> checks = Checks.from(t.config().health(), t.secrets());
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

  private void autoRollback(Release target) {
    Steps r = new Steps("rollback", 3, t.sink(), t.secrets());
    String dir = store.releaseDir(target.id());
    try {
      List<String> services = stack.services(dir);
      r.run(
          "recreating containers of release " + target.id(),
          () -> {
            stack.up(dir, services);
            return String.join(", ", services);
          });
      r.run("verifying running images", () -> stack.verifyRunning(services, target.images()));
      r.run("verifying health", this::verifyHealth);
      store.setCurrent(target.id());
    } catch (DeployException e) {
      throw new DeployException(
          "the automatic rollback to release " + target.id() + " failed too: " + e.getMessage(),
          "the stack needs a person now: run 'deploy-agent status', then 'deploy-agent rollback --to "
              + target.id()
              + "' once the cause is fixed",
          false,
          e);
    }
  }

  private static Optional<Release> rollbackTarget(List<Release> earlier, Optional<String> before) {
    if (before.isPresent()) {
      Optional<Release> cur = earlier.stream().filter(r -> r.id().equals(before.get())).findFirst();
      if (cur.isPresent() && Release.LIVE.equals(cur.get().outcome())) {
        return cur;
      }
    }
    return ReleaseHistory.previousGood(earlier, before.orElse(null));
  }

  private static Release pickTarget(
      List<Release> releases, Optional<String> current, Optional<String> to) {
    if (to.isPresent()) {
      String want =
          to.get().matches("\\d+") ? ReleaseHistory.format(Integer.parseInt(to.get())) : to.get();
      Release r =
          releases.stream()
              .filter(x -> x.id().equals(want))
              .findFirst()
              .orElseThrow(
                  () ->
                      new DeployException(
                          "no release " + want + " on the server",
                          "list them with 'deploy-agent history'"));
      if (current.isPresent() && r.id().equals(current.get())) {
        throw new DeployException(
            "release " + want + " is already the current release",
            "name another release (deploy-agent history)");
      }
      return r;
    }
    return ReleaseHistory.previousGood(releases, current.orElse(null))
        .orElseThrow(
            () ->
                new DeployException(
                    "no healthy release before " + current.orElse("none") + " to roll back to",
                    "name one with --to (deploy-agent history)"));
  }

  private void upload(String dir) {
    DeployConfig c = t.config();
    t.remote()
        .write(
            dir + "/compose.source.yml",
            readLocal(c.composeFile()).getBytes(StandardCharsets.UTF_8),
            0644);
    for (String f : c.files()) {
      String target = dir + "/" + f;
      int slash = target.lastIndexOf('/');
      t.remote().mkdirs(target.substring(0, slash));
      try {
        t.remote().write(target, Files.readAllBytes(c.composeFile().getParent().resolve(f)), 0644);
      } catch (IOException e) {
        throw new DeployException("cannot read " + f + ": " + e, "");
      }
    }
    StringBuilder env = new StringBuilder();
    t.secrets()
        .resolve(c.secrets())
        .forEach(
            (k, v) -> {
              if (v.contains("\n")) {
                throw new DeployException("secret " + k + " contains a newline", "");
              }
              env.append(k).append('=').append(v).append('\n');
            });
    t.remote().write(dir + "/.env", env.toString().getBytes(StandardCharsets.UTF_8), 0600);
  }

  private static String readLocal(java.nio.file.Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new DeployException("cannot read " + p + ": " + e, "");
    }
  }

  private static Map<String, String> without(Map<String, String> m, List<String> keys) {
    Map<String, String> out = new LinkedHashMap<>(m);
    keys.forEach(out::remove);
    return out;
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

  static String shortDigest(String pinned) {
    int at = pinned.indexOf("@sha256:");
    return at < 0
        ? pinned
        : pinned.substring(pinned.lastIndexOf('/', at) + 1, Math.min(pinned.length(), at + 20));
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("").replace('"', '\'');
  }

  /** One health round, for status. */
  public List<CheckResult> healthOnce() {
    List<CheckResult> out = new ArrayList<>();
    for (HealthCheck c : Checks.from(t.config().health(), t.secrets())) {
      out.add(c.run(t.remote()));
    }
    return out;
  }
}
