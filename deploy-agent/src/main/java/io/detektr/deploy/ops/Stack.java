package io.detektr.deploy.ops;

import io.detektr.deploy.DeployException;
import io.detektr.deploy.commands.Commands;
import io.detektr.deploy.commands.ContainerInfo;
import io.detektr.deploy.commands.Parsers;
import io.detektr.deploy.config.DeployConfig;
import io.detektr.deploy.health.Resp;
import io.detektr.deploy.release.ComposePinner;
import io.detektr.deploy.remote.ExecResult;
import io.detektr.deploy.remote.Remote;
import io.detektr.deploy.remote.RemoteException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Container-level operations on the server: compose up/stop, images, states, Redis snapshot. */
public final class Stack {
  private static final int RESTORE_ATTEMPTS = 3;
  private static final Duration POLL = Duration.ofMillis(300);
  private final Target t;
  private final Commands cmd;

  Stack(Target t) {
    this.t = t;
    this.cmd = t.commands();
  }

  private ExecResult run(io.detektr.deploy.commands.RemoteCommand c) {
    return t.remote().exec(c, t.config().ssh().commandTimeout());
  }

  /** The services of a release: configured ones, else every service in its compose file. */
  public List<String> services(String releaseDir) {
    if (!t.config().services().isEmpty()) {
      return t.config().services();
    }
    byte[] compose =
        t.remote()
            .read(releaseDir + "/" + Commands.COMPOSE_FILE)
            .orElseThrow(
                () -> new DeployException("no " + Commands.COMPOSE_FILE + " in " + releaseDir));
    return ComposePinner.services(new String(compose, StandardCharsets.UTF_8));
  }

  public void up(String releaseDir, List<String> services) {
    change(cmd.composeUp(releaseDir, services)).checked();
  }

  /**
   * A command that changes the stack, run detached from the SSH session (see {@link
   * Commands#detached}); the agent polls its state file, through reconnections, until it ends.
   */
  ExecResult change(io.detektr.deploy.commands.RemoteCommand c) {
    String dir =
        t.config().remoteDir()
            + "/run/"
            + System.currentTimeMillis()
            + "-"
            + Integer.toHexString(System.identityHashCode(c));
    Duration timeout = t.config().ssh().commandTimeout();
    t.remote().exec(cmd.detached(c, dir), Duration.ofSeconds(30)).checked();
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      Optional<byte[]> rc = t.remote().read(dir + "/rc");
      if (rc.isPresent() && !new String(rc.get(), StandardCharsets.UTF_8).isBlank()) {
        String out = text(t.remote().read(dir + "/out"));
        String err = text(t.remote().read(dir + "/err"));
        t.remote().remove(dir);
        return new ExecResult(
            c, Integer.parseInt(new String(rc.get(), StandardCharsets.UTF_8).strip()), out, err);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeployException("interrupted while waiting for: " + c.toShell());
      }
    }
    throw new RemoteException(
        "still running on the server after "
            + timeout.toSeconds()
            + " s: "
            + c.toShell()
            + " (its output: "
            + dir
            + "/out, err)",
        "look at the server; raise ssh.commandTimeout when this is only slow, then run"
            + " 'deploy-agent repair'",
        false,
        null);
  }

  private static String text(Optional<byte[]> b) {
    return b.map(x -> new String(x, StandardCharsets.UTF_8)).orElse("");
  }

  /** {@code up} of services alone, without (re)creating what they depend on. */
  public void upNoDeps(String releaseDir, List<String> services) {
    byte[] compose =
        t.remote()
            .read(releaseDir + "/" + Commands.COMPOSE_FILE)
            .orElseThrow(
                () -> new DeployException("no " + Commands.COMPOSE_FILE + " in " + releaseDir));
    t.remote()
        .write(
            releaseDir + "/" + Commands.NO_DEPS_FILE,
            ComposePinner.withoutDependencies(new String(compose, StandardCharsets.UTF_8), services)
                .getBytes(StandardCharsets.UTF_8),
            0644);
    change(cmd.composeUpNoDeps(releaseDir, services)).checked();
  }

  public void stop(String releaseDir, List<String> services) {
    change(cmd.composeStop(releaseDir, services)).checked();
  }

  public List<ContainerInfo> containers() {
    String ids = run(cmd.projectContainers()).checked().stdout().trim();
    if (ids.isEmpty()) {
      return List.of();
    }
    return Parsers.containers(run(cmd.inspect(List.of(ids.split("\\s+")))).checked().stdout());
  }

  /**
   * Logs the server's engine in to the registry when both credential variables are set (the
   * password goes through stdin); returns whether it did.
   */
  public boolean login() {
    DeployConfig.Registry r = t.config().registry();
    Optional<String> user = t.secrets().plain(r.usernameEnv());
    Optional<String> pass = t.secrets().get(r.passwordEnv());
    if (user.isEmpty() || pass.isEmpty()) {
      return false;
    }
    String host = r.url().split("/")[0];
    ExecResult login =
        t.remote()
            .exec(
                cmd.login(host, user.get()),
                t.config().ssh().commandTimeout(),
                (pass.get() + "\n").getBytes(StandardCharsets.UTF_8));
    if (!login.ok()) {
      throw new DeployException(
          "the registry "
              + host
              + " refused the login of "
              + user.get()
              + " on the server: "
              + lastLine(login),
          "export "
              + r.usernameEnv()
              + " and "
              + r.passwordEnv()
              + " of one account (the token must belong to that user; for ghcr.io a token with"
              + " read:packages), or unset both for public images",
          false,
          RemoteException.failedWith(login));
    }
    return true;
  }

  /** Pulls {@code repository:tag} and returns {@code repository@sha256:...}. */
  public String pullAndResolve(DeployConfig.ImageSpec image, String tag) {
    String repo = t.config().repository(image);
    ExecResult pulled = run(cmd.pull(repo + ":" + tag));
    if (!pulled.ok()) {
      String err = (pulled.stderr() + pulled.stdout()).toLowerCase(java.util.Locale.ROOT);
      if (err.contains("unauthorized")
          || err.contains("authentication required")
          || err.contains("denied")) {
        DeployConfig.Registry r = t.config().registry();
        throw new DeployException(
            "the registry refused the pull of " + repo + ":" + tag + " (not authorized)",
            r.usernameEnv().isEmpty()
                ? "the image is private: set registry.usernameEnv/passwordEnv in the config and"
                    + " export them"
                : "export "
                    + r.usernameEnv()
                    + " and "
                    + r.passwordEnv()
                    + " of one account that may read "
                    + repo
                    + " (for ghcr.io: a token with read:packages of that account)",
            false,
            RemoteException.failedWith(pulled));
      }
      pulled.checked();
    }
    String json = run(cmd.imageInspect(repo + ":" + tag)).checked().stdout();
    return Parsers.repoDigest(json, repo)
        .orElseThrow(
            () ->
                new DeployException(
                    "the engine reports no digest for " + repo + ":" + tag,
                    "was the image pushed to the registry (deploy-agent build)?"));
  }

  public String imageId(String ref) {
    ExecResult r = run(cmd.imageInspect(ref));
    if (!r.ok()) {
      run(cmd.pull(ref)).checked();
      r = run(cmd.imageInspect(ref)).checked();
    }
    return Parsers.imageId(r.stdout());
  }

  /** A service whose containers are not what its release says, and why. */
  public record Mismatch(String service, List<ContainerInfo> containers, String problem) {}

  /**
   * Every expected service that has no running container, more than one, or a container whose image
   * is not the pinned one (never trusting the compose exit code).
   */
  public List<Mismatch> mismatches(List<String> expected, Map<String, String> pinned) {
    List<ContainerInfo> cs = containers();
    List<Mismatch> out = new ArrayList<>();
    for (String service : expected) {
      List<ContainerInfo> mine = cs.stream().filter(x -> x.service().equals(service)).toList();
      if (mine.isEmpty()) {
        out.add(new Mismatch(service, mine, service + ": no container"));
        continue;
      }
      String ref = pinned.get(service);
      String want = ref == null ? null : imageId(ref);
      List<String> problems = new ArrayList<>();
      for (ContainerInfo c : mine) {
        if (!c.running()) {
          problems.add("container " + c.name() + " is " + c.status());
        }
        if (want != null && !want.equals(c.imageId())) {
          problems.add(
              "container "
                  + c.name()
                  + " runs image "
                  + shortId(c.imageId())
                  + ", expected "
                  + shortId(want)
                  + " ("
                  + ref
                  + ")");
        }
      }
      if (mine.size() > 1) {
        problems.add(mine.size() + " containers");
      }
      if (!problems.isEmpty()) {
        out.add(new Mismatch(service, mine, service + ": " + String.join(", ", problems)));
      }
    }
    return out;
  }

  /**
   * Makes the server run exactly {@code services} of a release: removes (rm -f, volumes kept)
   * containers that do not run their pinned image or do not run at all, then {@code up}, and
   * verifies. Repeated a few times because an engine's restart policy races with the removal of a
   * crash-looping container (rm or up then fails, or the old container comes back). Returns the
   * detail of the verification; throws when the stack still differs after the last attempt.
   */
  public String restore(String releaseDir, List<String> services, Map<String, String> pinned) {
    DeployException last = null;
    for (int attempt = 1; attempt <= RESTORE_ATTEMPTS; attempt++) {
      List<Mismatch> wrong = mismatches(services, pinned);
      List<String> stray =
          wrong.stream()
              .flatMap(m -> m.containers().stream())
              .filter(c -> !c.running() || isStray(c, pinned))
              .map(ContainerInfo::id)
              .toList();
      ExecResult removed = null;
      if (!stray.isEmpty()) {
        removed = change(cmd.removeContainers(stray)); // a failure shows in the next verification
      }
      ExecResult up = change(cmd.composeUp(releaseDir, services));
      try {
        String verified = verifyRunning(services, pinned);
        return (attempt > 1 ? "attempt " + attempt + ": " : "")
            + (stray.isEmpty() ? "" : "removed " + stray.size() + " stray containers, ")
            + verified;
      } catch (DeployException e) {
        last =
            up.ok()
                ? e
                : new DeployException(
                    e.getMessage() + " (compose up exited " + up.exitCode() + ")",
                    e.advice(),
                    false,
                    RemoteException.failedWith(up));
        t.warn(
            "restoring, attempt "
                + attempt
                + " of "
                + RESTORE_ATTEMPTS
                + ": "
                + e.getMessage()
                + (removed == null || removed.ok()
                    ? ""
                    : "; rm -f exited " + removed.exitCode() + ": " + lastLine(removed))
                + (up.ok() ? "" : "; compose up exited " + up.exitCode() + ": " + lastLine(up)));
      }
    }
    throw last;
  }

  private static String lastLine(ExecResult r) {
    String err = r.stderr().isBlank() ? r.stdout() : r.stderr();
    List<String> lines = err.strip().lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  private boolean isStray(ContainerInfo c, Map<String, String> pinned) {
    String ref = pinned.get(c.service());
    return ref != null && !imageId(ref).equals(c.imageId());
  }

  /** Like {@link #mismatches}, thrown as one failure naming every problem. */
  public String verifyRunning(List<String> expected, Map<String, String> pinned) {
    List<String> problems = mismatches(expected, pinned).stream().map(Mismatch::problem).toList();
    if (!problems.isEmpty()) {
      throw new DeployException(
          "containers are not what the release says: " + String.join("; ", problems),
          "look at '" + t.config().engine() + " logs' of the named containers on the server");
    }
    return expected.size()
        + " containers running"
        + (pinned.isEmpty() ? "" : ", pinned images verified");
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  /** The compose service whose named volume holds Redis's data. */
  public static final String REDIS_SERVICE = "redis";

  /**
   * Where Redis keeps its data on the server: the mountpoint of the first named volume of the
   * release's {@code redis} service; empty before that volume exists or when it has none.
   */
  public Optional<String> redisDataPath(String releaseDir) {
    Optional<byte[]> compose = t.remote().read(releaseDir + "/" + Commands.COMPOSE_FILE);
    if (compose.isEmpty()) {
      return Optional.empty();
    }
    for (String volume :
        ComposePinner.namedVolumes(
            new String(compose.get(), StandardCharsets.UTF_8),
            REDIS_SERVICE,
            t.config().project())) {
      ExecResult r = run(cmd.volumeMountpoint(volume));
      if (r.ok() && !r.stdout().isBlank()) {
        return Optional.of(r.stdout().strip());
      }
    }
    return Optional.empty();
  }

  /** KiB free on the file system holding {@code path}. */
  public long freeKiB(String path) {
    return Parsers.dfAvailableKiB(run(cmd.diskFree(path)).checked().stdout());
  }

  /** KiB used by the files under {@code path}. */
  public long usedKiB(String path) {
    String out = run(cmd.diskUsage(path)).checked().stdout().strip();
    return Long.parseLong(out.split("\\s+")[0]);
  }

  /** The first enabled redis health check: where the data lives. */
  public Optional<DeployConfig.Check> redisCheck() {
    return t.config().health().checks().stream()
        .filter(c -> c.enabled() && c.type().equals("redis"))
        .findFirst();
  }

  /**
   * BGSAVE and wait until it finished successfully (polling INFO persistence), so that the data on
   * disk is current before containers are recreated. Returns a detail line.
   */
  public String snapshot(
      Duration timeout, io.detektr.deploy.Secrets running, Optional<String> dataPath) {
    DeployConfig.Check c = redisCheck().orElseThrow();
    long end = System.nanoTime() + timeout.toNanos();
    try (Remote.Tunnel tunnel = t.remote().connect(c.host(), c.port())) {
      // a silent Redis must not hang the rollout: closing the tunnel ends any blocked read
      java.util.concurrent.CompletableFuture.delayedExecutor(
              timeout.toMillis() + 2000, java.util.concurrent.TimeUnit.MILLISECONDS)
          .execute(tunnel::close);
      Resp resp = new Resp(tunnel.in(), tunnel.out());
      if (!c.passwordEnv().isEmpty()) {
        // the password the running Redis was started with: after a rotation the new one applies
        // only with the new release
        String auth = resp.call("AUTH", running.require(c.passwordEnv(), "Redis password"));
        if (!auth.equals("OK")) {
          throw new DeployException(
              "Redis refused AUTH before BGSAVE with the running release's password: "
                  + t.secrets().mask(auth),
              "the password in the running release's .env no longer opens Redis: run"
                  + " 'deploy-agent repair' to restart it with its release's .env");
        }
      }
      if (dataPath.isPresent()) {
        roomForSnapshot(resp, dataPath.get());
      }
      String started = resp.call("BGSAVE");
      if (started.contains("already in progress")) {
        awaitNoSave(resp, end);
        started = resp.call("BGSAVE");
      }
      if (started.startsWith("-")) {
        throw new DeployException(
            "BGSAVE refused: " + started, "look at the Redis log on the server");
      }
      String info = awaitNoSave(resp, end);
      if (info != null) {
        String status = field(info, "rdb_last_bgsave_status");
        if (!"ok".equals(status)) {
          String where = dataPath.map(p -> " on " + p).orElse("");
          throw new DeployException(
              "BGSAVE finished with status "
                  + status
                  + ": Redis now refuses writes (MISCONF: stop-writes-on-bgsave-error) until a"
                  + " save succeeds; nothing was changed on the stack",
              "look at the Redis log for the cause (often a full disk"
                  + where
                  + ": df -h), fix it, then run BGSAVE (REDISCLI_AUTH=... redis-cli BGSAVE) so that"
                  + " Redis accepts writes again, and deploy again");
        }
        return "snapshot written (" + field(info, "rdb_last_cow_size") + " bytes copy-on-write)";
      }
      throw new DeployException("BGSAVE did not finish within " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      throw new DeployException(
          "cannot reach Redis at " + c.host() + ":" + c.port() + " for BGSAVE: " + e.getMessage(),
          "",
          true,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployException("interrupted during BGSAVE");
    }
  }

  /**
   * Refuses to BGSAVE when the data volume has less room than Redis's dataset: the save would fail
   * and leave Redis refusing writes (MISCONF), which the agent could not undo.
   */
  private void roomForSnapshot(Resp resp, String path) throws IOException {
    long dataset;
    try {
      dataset = Long.parseLong(field(resp.call("INFO", "memory"), "used_memory_dataset"));
    } catch (NumberFormatException e) {
      return; // an old Redis without the field: BGSAVE reports a failure itself
    }
    long free;
    try {
      free = freeKiB(path) * 1024;
    } catch (DeployException e) {
      t.warn("cannot see the free space on " + path + " (" + e.getMessage() + "): BGSAVE anyway");
      return;
    }
    if (free < dataset) {
      throw new DeployException(
          String.format(
              "not enough room for BGSAVE on %s: %.1f MiB free, Redis holds %.1f MiB; a failed"
                  + " save would leave Redis refusing writes (MISCONF), so nothing was changed",
              path, free / 1048576.0, dataset / 1048576.0),
          "free space on the server's disk holding "
              + path
              + " (df -h "
              + path
              + "; e.g. old images: docker image prune), then deploy again");
    }
  }

  /** INFO persistence once no BGSAVE runs; null when the deadline passed first. */
  private static String awaitNoSave(Resp resp, long end) throws IOException, InterruptedException {
    while (System.nanoTime() < end) {
      String info = resp.call("INFO", "persistence");
      if ("0".equals(field(info, "rdb_bgsave_in_progress"))) {
        return info;
      }
      Thread.sleep(50);
    }
    return null;
  }

  private static String field(String info, String name) {
    return info.lines()
        .filter(l -> l.startsWith(name + ":"))
        .map(l -> l.substring(name.length() + 1).trim())
        .findFirst()
        .orElse("");
  }
}
