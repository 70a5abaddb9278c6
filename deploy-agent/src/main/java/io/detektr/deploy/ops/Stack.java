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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Container-level operations on the server: compose up/stop, images, states, Redis snapshot. */
public final class Stack {
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
    run(cmd.composeUp(releaseDir, services)).checked();
  }

  public void stop(String releaseDir, List<String> services) {
    run(cmd.composeStop(releaseDir, services)).checked();
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
    t.remote()
        .exec(
            cmd.login(host, user.get()),
            t.config().ssh().commandTimeout(),
            (pass.get() + "\n").getBytes(StandardCharsets.UTF_8))
        .checked();
    return true;
  }

  /** Pulls {@code repository:tag} and returns {@code repository@sha256:...}. */
  public String pullAndResolve(DeployConfig.ImageSpec image, String tag) {
    String repo = t.config().repository(image);
    run(cmd.pull(repo + ":" + tag)).checked();
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

  /**
   * Checks that every expected service has a running container and that pinned services run exactly
   * the pinned image (never trusting the compose exit code).
   */
  public String verifyRunning(List<String> expected, Map<String, String> pinned) {
    List<ContainerInfo> cs = containers();
    List<String> problems = new ArrayList<>();
    for (String service : expected) {
      Optional<ContainerInfo> c = cs.stream().filter(x -> x.service().equals(service)).findFirst();
      if (c.isEmpty()) {
        problems.add(service + ": no container");
        continue;
      }
      if (!c.get().running()) {
        problems.add(service + ": container " + c.get().name() + " is " + c.get().status());
      }
      String ref = pinned.get(service);
      if (ref != null) {
        String want = imageId(ref);
        if (!want.equals(c.get().imageId())) {
          problems.add(
              service
                  + ": runs image "
                  + shortId(c.get().imageId())
                  + ", expected "
                  + shortId(want)
                  + " ("
                  + ref
                  + ")");
        }
      }
    }
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
  public String snapshot(Duration timeout) {
    DeployConfig.Check c = redisCheck().orElseThrow();
    long end = System.nanoTime() + timeout.toNanos();
    try (Remote.Tunnel tunnel = t.remote().connect(c.host(), c.port())) {
      // a silent Redis must not hang the rollout: closing the tunnel ends any blocked read
      java.util.concurrent.CompletableFuture.delayedExecutor(
              timeout.toMillis() + 2000, java.util.concurrent.TimeUnit.MILLISECONDS)
          .execute(tunnel::close);
      Resp resp = new Resp(tunnel.in(), tunnel.out());
      if (!c.passwordEnv().isEmpty()) {
        String auth = resp.call("AUTH", t.secrets().require(c.passwordEnv(), "Redis password"));
        if (!auth.equals("OK")) {
          throw new DeployException("Redis refused AUTH before BGSAVE: " + t.secrets().mask(auth));
        }
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
          throw new DeployException(
              "BGSAVE finished with status " + status, "check disk space and the Redis log");
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
