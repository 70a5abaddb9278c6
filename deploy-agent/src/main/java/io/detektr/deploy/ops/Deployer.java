package io.detektr.deploy.ops;

import io.detektr.deploy.DeployException;
import io.detektr.deploy.Secrets;
import io.detektr.deploy.commands.Commands;
import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.health.CheckResult;
import io.detektr.deploy.health.Checks;
import io.detektr.deploy.health.HealthCheck;
import io.detektr.deploy.release.ComposePinner;
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
          "stopping producers",
          "snapshotting Redis (BGSAVE)",
          "recreating containers",
          "verifying running images",
          "verifying health",
          "starting producers",
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
  private final Phases phases;

  public Deployer(Target target) {
    this.t = target;
    this.store = target.store();
    this.stack = target.stack();
    this.phases = new Phases(target);
  }

  /** Result of a deploy or rollback that succeeded. */
  public record Result(String release, String previous, Duration took, String message) {}

  /** Deploys the images tagged {@code tag} with the current compose file and config files. */
  public Result deploy(String tag, String gitSha, boolean forceUnlock, String reason) {
    Steps s = new Steps("", DEPLOY_STEPS.size(), t.sink(), t.secrets());
    return Locked.run(
        t, store, s, "deploy", reason, forceUnlock, a -> deployLocked(a, s, tag, gitSha, reason));
  }

  private Result deployLocked(Locked a, Steps s, String tag, String gitSha, String reason) {
    long t0 = System.nanoTime();
    String[] id = {null};
    a.detail("tag=" + tag);
    try {
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
      a.detail("release=" + id[0] + " tag=" + tag + " sha=" + gitSha);
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
      List<String> producers = t.config().producers();
      phases.stopProducers(s, before, producers);
      phases.snapshotOrResume(s, before, producers);
      List<String> services = new ArrayList<>(stack.services(dir));
      services.removeAll(producers);
      List<String> kept =
          before.isPresent() ? phases.unchanged(before.get(), id[0], services, pinned) : List.of();
      List<String> changed = new ArrayList<>(services);
      changed.removeAll(kept);
      try {
        long upAt = System.nanoTime();
        s.run(
            DEPLOY_STEPS.get(6),
            () -> {
              // from here on the server runs (parts of) this release: current says so
              store.setCurrent(id[0]);
              Map<String, String> applied = new LinkedHashMap<>();
              Map<String, String> was = store.applied(before.orElse(id[0]));
              kept.forEach(k -> applied.put(k, was.getOrDefault(k, before.orElseThrow())));
              changed.forEach(k -> applied.put(k, id[0]));
              producers.forEach(k -> applied.put(k, id[0]));
              store.saveApplied(id[0], applied);
              if (kept.isEmpty()) {
                stack.up(dir, services);
              } else if (!changed.isEmpty()) {
                // alone: an up through depends_on would recreate the kept Redis
                stack.upNoDeps(dir, changed);
              }
              return (changed.isEmpty() ? "nothing changed" : String.join(", ", changed))
                  + (kept.isEmpty() ? "" : "; unchanged, kept running: " + String.join(", ", kept));
            });
        s.run(DEPLOY_STEPS.get(7), () -> stack.verifyRunning(services, without(pinned, producers)));
        s.run(DEPLOY_STEPS.get(8), () -> phases.verifyHealth(t.secrets()));
        if (before.isPresent() && changed.contains(Stack.REDIS_SERVICE)) {
          t.warn(
              String.format(
                  "Redis was recreated: clients outside the compose file saw failed publishes for"
                      + " up to %.1f s (from 'recreating containers' until healthy)",
                  (System.nanoTime() - upAt) / 1e9));
        }
        phases.startProducers(s, dir, producers, pinned);
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
        a.outcome("rolled-back");
        a.addDetail("rolled_back_to=" + target.get().id());
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
          DEPLOY_STEPS.get(10),
          () -> {
            store.save(store.read(id[0]).withOutcome(Release.LIVE, "healthy"));
            store.setCurrent(id[0]);
            List<String> pruned =
                new ArrayList<>(
                    ReleaseHistory.toPrune(store.list(), id[0], t.config().keepReleases()));
            // a kept container still mounts the files of the release it was created from
            pruned.removeAll(store.applied(id[0]).values());
            store.prune(pruned);
            return "current = " + id[0] + (pruned.isEmpty() ? "" : ", pruned " + pruned);
          });
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      return new Result(id[0], before.orElse(""), took, "release " + id[0] + " is live");
    } catch (DeployException e) {
      if (id[0] != null && Release.DEPLOYING.equals(store.read(id[0]).outcome())) {
        String step = e instanceof Steps.StepFailed f ? f.step() + ": " : "";
        store.save(store.read(id[0]).withOutcome(Release.FAILED, step + firstLine(e.getMessage())));
      }
      throw e;
    }
  }

  /** Rolls back to {@code to}, or to the newest healthy release before the current one. */
  public Result rollback(Optional<String> to, String reason, boolean forceUnlock) {
    return switchTo("rollback", to, reason, forceUnlock);
  }

  /**
   * Re-applies the current release (or {@code to}) the way a rollback switches: the way out of any
   * stuck state (a failed automatic rollback, containers not running their pinned image, a release
   * left {@code deploying}); with {@code forceUnlock} also of a lock left by a dead agent.
   */
  public Result repair(Optional<String> to, String reason, boolean forceUnlock) {
    return switchTo("repair", to, reason, forceUnlock);
  }

  private Result switchTo(String action, Optional<String> to, String reason, boolean forceUnlock) {
    Steps s = new Steps("", ROLLBACK_STEPS.size(), t.sink(), t.secrets());
    return Locked.run(
        t, store, s, action, reason, forceUnlock, a -> switchLocked(a, s, action, to));
  }

  private Result switchLocked(Locked a, Steps s, String action, Optional<String> to) {
    long t0 = System.nanoTime();
    boolean repair = action.equals("repair");
    Optional<String> current = store.current();
    List<Release> releases = store.list();
    Release target =
        repair ? repairTarget(releases, current, to) : pickTarget(releases, current, to);
    a.detail("from=" + current.orElse("none") + " to=" + target.id());
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
    phases.stopProducers(s, current, producers);
    phases.snapshotOrResume(s, current, producers);
    List<String> services = new ArrayList<>(stack.services(dir));
    services.removeAll(producers);
    s.run(
        ROLLBACK_STEPS.get(4),
        () -> {
          store.setCurrent(target.id());
          store.saveApplied(target.id(), Phases.allFrom(target.id(), stack.services(dir)));
          return "release "
              + target.id()
              + ": "
              + String.join(", ", services)
              + "; "
              + stack.restore(dir, services, without(target.images(), producers));
        });
    s.run(
        ROLLBACK_STEPS.get(5),
        () -> stack.verifyRunning(services, without(target.images(), producers)));
    s.run(ROLLBACK_STEPS.get(6), () -> phases.verifyHealth(phases.secretsOf(target.id())));
    phases.startProducers(s, dir, producers, target.images());
    s.run(
        ROLLBACK_STEPS.get(8),
        () -> {
          store.setCurrent(target.id());
          if (!Release.LIVE.equals(target.outcome())) {
            store.save(target.withOutcome(Release.LIVE, "healthy after rollback"));
          }
          return "current = " + target.id();
        });
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    return new Result(
        target.id(),
        current.orElse(""),
        took,
        String.format(
            "%s release %s in %.1f s",
            repair ? "repaired: running" : "rolled back to",
            target.id(),
            took.toMillis() / 1000.0));
  }

  private static Release repairTarget(
      List<Release> releases, Optional<String> current, Optional<String> to) {
    Optional<String> want =
        to.map(x -> x.matches("\\d+") ? ReleaseHistory.format(Integer.parseInt(x)) : x)
            .or(() -> current);
    if (want.isEmpty()) {
      return releases.stream()
          .filter(r -> Release.LIVE.equals(r.outcome()))
          .findFirst()
          .orElseThrow(
              () ->
                  new DeployException(
                      "no current release and no healthy one on the server to repair",
                      "deploy one: deploy-agent deploy --tag TAG"));
    }
    return releases.stream()
        .filter(x -> x.id().equals(want.get()))
        .findFirst()
        .orElseThrow(
            () ->
                new DeployException(
                    "no release " + want.get() + " on the server",
                    "list them with 'deploy-agent history'"));
  }

  private void autoRollback(Release target) {
    Steps r = new Steps("rollback", 2, t.sink(), t.secrets());
    String dir = store.releaseDir(target.id());
    try {
      List<String> services = stack.services(dir);
      store.setCurrent(target.id());
      store.saveApplied(target.id(), Phases.allFrom(target.id(), services));
      r.run(
          "restoring the containers of release " + target.id(),
          () -> String.join(", ", services) + ": " + stack.restore(dir, services, target.images()));
      r.run("verifying health", () -> phases.verifyHealth(phases.secretsOf(target.id())));
    } catch (DeployException e) {
      throw new DeployException(
          "the automatic rollback to release "
              + target.id()
              + " failed too: "
              + e.getMessage()
              + "; the server is set to release "
              + target.id()
              + " ('deploy-agent status' shows which containers differ from it)",
          "fix the cause, then run 'deploy-agent repair' (re-applies release "
              + target.id()
              + " and verifies it)",
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
            "to re-apply it (and remove containers that do not run its images), run"
                + " 'deploy-agent repair'; to switch, name another release (deploy-agent history)");
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
    Secrets secrets = store.current().map(phases::secretsOf).orElse(t.secrets());
    for (HealthCheck c : Checks.from(t.config().health(), secrets)) {
      out.add(c.run(t.remote()));
    }
    return out;
  }
}
