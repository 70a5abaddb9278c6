package io.detektr.deploy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole agent against a real sshd, a real registry and Podman: preflight, build, deploys, a
 * failing deploy with automatic rollback, a timed rollback, the lock, history and audit. The
 * scenarios build on each other, so they run in order on one simulated server.
 */
@ExtendWith(E2eEnvironment.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployEndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private E2eEnvironment.Env env;
  private Path base;
  private Path v1;
  private Path v2;
  private Path broken;
  private Path crashLoop;

  @BeforeAll
  void setUp(E2eEnvironment.Env env) throws IOException {
    this.env = env;
    String preflight =
        "preflight: {ports: ["
            + env.redisPort
            + ", "
            + env.metricsPort
            + "], minFreeRamGiB: 0.5, "
            + "minFreeDiskGiB: 0.5, networks: [e2e-net]}";
    base = env.writeConfig(env.root.resolve("cfg"), "", preflight, "");
    v1 = E2eEnvironment.Env.withVersion(base, "v1");
    v2 = E2eEnvironment.Env.withVersion(base, "v2");
    Path b =
        env.writeConfig(
            env.root.resolve("cfg-broken"), "rename-command PING \"\"\n", preflight, "");
    broken = E2eEnvironment.Env.withVersion(b, "v2");
    Path c = env.writeConfig(env.root.resolve("cfg-crash"), "maxmemory 2gbb\n", preflight, "");
    crashLoop = E2eEnvironment.Env.withVersion(c, "v2");
  }

  /** The redis containers of the project, running or not, as Podman lists them. */
  private List<String> redisContainers() {
    String ids =
        env.podman
            .podman("ps", "-a", "-q", "--filter", "label=com.docker.compose.service=redis")
            .trim();
    return ids.isEmpty() ? List.of() : List.of(ids.split("\\s+"));
  }

  /** The host paths mounted into the running redis container. */
  private String redisMounts() {
    return env.podman.podman(
        "inspect", "--format", "{{range .Mounts}}{{.Source}} {{end}}", redisContainers().get(0));
  }

  private static void assertOneShortOutageAtMost(List<Duration> outages) {
    assertThat(outages).as("Redis outages").hasSizeLessThanOrEqualTo(1);
    assertThat(outages).allSatisfy(d -> assertThat(d).isLessThan(Duration.ofSeconds(60)));
  }

  private E2eEnvironment.Run ok(E2eEnvironment.Run r) {
    assertThat(r.code()).as("exit code; output:\n" + r.all()).isZero();
    assertNoSecret(r);
    return r;
  }

  private static void assertNoSecret(E2eEnvironment.Run r) {
    assertThat(r.all())
        .doesNotContain(E2eEnvironment.REDIS_PASSWORD)
        .doesNotContain(E2eEnvironment.REGISTRY_PASSWORD);
  }

  private String current() throws IOException {
    return Files.readString(env.remoteDir().resolve("current")).trim();
  }

  private JsonNode release(String id) throws IOException {
    return JSON.readTree(env.remoteDir().resolve("releases/" + id + "/release.json").toFile());
  }

  /** The image ID the redis container runs, asked from Podman directly. */
  private String runningRedisImage() {
    String ids =
        env.podman
            .podman("ps", "-q", "--no-trunc", "--filter", "label=com.docker.compose.service=redis")
            .trim();
    assertThat(ids).as("one running redis container").doesNotContain("\n").isNotEmpty();
    return env.podman.podman("inspect", "--format", "{{.Image}}", ids).trim();
  }

  private String imageIdOf(String pinned) {
    return env.podman.podman("image", "inspect", "--format", "{{.Id}}", pinned).trim();
  }

  @Test
  @Order(10)
  void preflightPassesOnAHealthyServer() {
    E2eEnvironment.Run r = ok(env.cli("preflight", "-c", v1.toString()));
    assertThat(r.out())
        .contains("preflight passed")
        .contains("network e2e-net")
        .contains("the server reaches 127.0.0.1:" + env.registry.port)
        .contains("podman-compose")
        .contains("no nvidia-smi");
  }

  @Test
  @Order(20)
  void preflightFailsOnATakenPortAndATooHighThreshold() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path cfg =
          env.writeConfig(
              env.root.resolve("cfg-preflight-fail"),
              "",
              "preflight: {ports: ["
                  + taken.getLocalPort()
                  + "], minFreeRamGiB: 100000, minFreeDiskGiB: 0.1, networks: [no-such-net]}",
              "");
      E2eEnvironment.Run r =
          env.cli(
              "preflight", "--json", "-c", E2eEnvironment.Env.withVersion(cfg, "v1").toString());
      assertThat(r.code()).isEqualTo(1);
      JsonNode checks = JSON.readTree(r.out()).get("checks");
      assertThat(checks.toString())
          .contains("taken by another process: " + taken.getLocalPort())
          .contains("need 100000.0 GiB")
          .contains("missing: create it with 'podman network create no-such-net'");
      for (JsonNode c : checks) {
        boolean shouldFail =
            c.get("check").asText().matches("ports.*|free RAM|network no-such-net");
        assertThat(c.get("ok").asBoolean()).as(c.toString()).isEqualTo(!shouldFail);
      }
    }
  }

  @Test
  @Order(30)
  void buildPushesImagesFromScratchWithJib() throws IOException {
    // issue 18 defect 9: a plain-HTTP registry with a password needs the documented switch
    Path noSwitch = v1.resolveSibling("deploy-v1-no-switch.yml");
    Files.writeString(
        noSwitch, Files.readString(v1).replace(" sendCredentialsOverHttp: true,", ""));
    E2eEnvironment.Run refused =
        env.cli(
            "build",
            "-c",
            noSwitch.toString(),
            "--tag",
            "v1",
            "--cache-dir",
            env.root.resolve("jib").toString());
    assertThat(refused.code()).as(refused.all()).isEqualTo(1);
    assertThat(refused.err()).contains("registry.sendCredentialsOverHttp: true");
    assertNoSecret(refused);
    E2eEnvironment.Run r =
        ok(
            env.cli(
                "build",
                "--stacktrace",
                "-c",
                v1.toString(),
                "--tag",
                "v1",
                "--cache-dir",
                env.root.resolve("jib").toString()));
    assertThat(r.out())
        .contains("pushed " + env.registry.address() + "/e2e/redis@sha256:")
        .contains("tags v1, latest");
    ok(
        env.cli(
            "build",
            "-c",
            v2.toString(),
            "--tag",
            "v2",
            "--cache-dir",
            env.root.resolve("jib").toString()));
  }

  @Test
  @Order(40)
  void firstDeployIsHealthyAndRunsThePinnedImage() throws IOException {
    E2eEnvironment.Run r =
        ok(env.cli("deploy", "-v", "-c", v1.toString(), "--tag", "v1", "--reason", "first"));
    assertThat(r.out()).contains("(registry login as e2e-pusher)");
    assertThat(r.out())
        .containsPattern("\\[1/11\\] locking the server \\.\\.\\. \\d+\\.\\d s")
        .contains("[5/11] stopping producers ... skipped (no current release)")
        .contains("[6/11] snapshotting Redis (BGSAVE) ... skipped (no running release)")
        .containsPattern("\\[9/11\\] verifying health \\.\\.\\. \\d+\\.\\d s")
        .containsPattern("\\[10/11\\] starting producers \\.\\.\\. \\d+\\.\\d s")
        .contains("release 0001 is live");
    assertThat(current()).isEqualTo("0001");
    JsonNode rel = release("0001");
    assertThat(rel.get("outcome").asText()).isEqualTo("live");
    assertThat(runningRedisImage()).isEqualTo(imageIdOf(rel.get("images").get("redis").asText()));
    assertThat(env.redis("SET", "frames:before-deploys", "kept")).isEqualTo("OK");
    assertThat(Files.getPosixFilePermissions(env.remoteDir().resolve("releases/0001/.env")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  @Order(50)
  void secondDeployRecreatesWithTheNewImageAndKeepsData() throws IOException {
    String before = runningRedisImage();
    RedisWatch watch = new RedisWatch(env);
    ok(env.cli("deploy", "-c", v2.toString(), "--tag", "v2", "--json"));
    assertOneShortOutageAtMost(watch.report("good release (deploy v1 -> v2)"));
    assertThat(current()).isEqualTo("0002");
    String pinned = release("0002").get("images").get("redis").asText();
    assertThat(pinned).isNotEqualTo(release("0001").get("images").get("redis").asText());
    assertThat(runningRedisImage()).isEqualTo(imageIdOf(pinned)).isNotEqualTo(before);
    assertThat(env.redis("GET", "frames:before-deploys")).isEqualTo("kept");
    E2eEnvironment.Run status = ok(env.cli("status", "-c", v2.toString()));
    assertThat(status.out())
        .contains("release: 0002")
        .contains("ok   redis: PONG")
        .contains("ok   exporter: 200");
  }

  /** Issue 18 defect 2: the exporter check must fail on redis_up 0.0 despite its HELP line. */
  @Test
  @Order(55)
  void statusFailsWhenTheExporterSaysRedisIsDown() throws IOException {
    // the file the exporter's container mounts (an unchanged exporter keeps an older release's)
    Path served =
        Path.of(
            env.podman
                .podman(
                    "inspect",
                    "--format",
                    "{{range .Mounts}}{{if eq .Destination \"/www/metrics\"}}{{.Source}}{{end}}{{end}}",
                    containersOf("exporter"))
                .trim());
    assertThat(served.toString()).contains(env.remoteDir().resolve("releases").toString());
    Files.writeString(served, E2eEnvironment.metrics("0.0"));
    try {
      E2eEnvironment.Run status = env.cli("status", "-c", v2.toString());
      assertThat(status.code()).as(status.all()).isEqualTo(1);
      assertThat(status.out())
          .contains("ok   redis: PONG")
          .contains("FAIL exporter: GET /metrics: redis_up is 0.0, expected redis_up == 1");
    } finally {
      Files.writeString(served, E2eEnvironment.metrics("1.0"));
    }
    ok(env.cli("status", "-c", v2.toString()));
  }

  /** Issue 18 defect 9: a missing secret stops the deploy before the lock and the upload. */
  @Test
  @Order(57)
  void aMissingSecretIsFoundBeforeAnythingChanges() throws IOException {
    List<String> before = List.of(env.remoteDir().resolve("releases").toFile().list());
    E2eEnvironment.Run r =
        env.cliWithout("REDIS_PASSWORD", "deploy", "-c", v2.toString(), "--tag", "v2");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("environment variable REDIS_PASSWORD (secret REDIS_PASSWORD of the compose file)")
        .contains("nothing was locked or changed on the server");
    assertThat(List.of(env.remoteDir().resolve("releases").toFile().list()))
        .containsExactlyInAnyOrderElementsOf(before);
    assertThat(Files.exists(env.remoteDir().resolve("lock"))).isFalse();
  }

  @Test
  @Order(60)
  void brokenConfigFailsHealthAndRollsBackAutomatically() throws IOException {
    assertThat(env.redis("SET", "frames:just-before-broken-deploy", "42")).isEqualTo("OK");
    RedisWatch watch = new RedisWatch(env);
    E2eEnvironment.Run r =
        env.cli("deploy", "-c", broken.toString(), "--tag", "v2", "--reason", "broken redis.conf");
    watch.report("bad release (PING renamed) until rolled back");
    assertNoSecret(r);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .containsPattern("\\[5/11\\] stopping producers \\.\\.\\. \\d+\\.\\d s")
        .contains("[8/11] verifying running images")
        .containsPattern("\\[9/11\\] verifying health .*FAILED: .*redis: PING answered")
        .contains("[rollback 1/2] restoring the containers of release 0002")
        .contains("[rollback 2/2] verifying health");
    assertThat(r.err())
        .contains("deploy of release 0003 failed at 'verifying health'")
        .contains("rolled back automatically to release 0002");
    assertThat(current()).isEqualTo("0002");
    assertThat(release("0003").get("outcome").asText()).isEqualTo("failed");
    assertThat(env.redis("PING")).isEqualTo("PONG");
    assertThat(env.redis("GET", "frames:before-deploys")).isEqualTo("kept");
    assertThat(env.redis("GET", "frames:just-before-broken-deploy")).isEqualTo("42");
    assertThat(runningRedisImage())
        .isEqualTo(imageIdOf(release("0002").get("images").get("redis").asText()));
  }

  /**
   * Issue 18 defect 3: a Redis that crash-loops under a restart policy must not survive the
   * automatic rollback, and current must name what runs.
   */
  @Test
  @Order(65)
  void crashLoopingRedisIsRolledBackToAHealthyRelease() throws IOException {
    RedisWatch watch = new RedisWatch(env);
    E2eEnvironment.Run r =
        env.cli("deploy", "-c", crashLoop.toString(), "--tag", "v2", "--reason", "maxmemory 2gbb");
    List<Duration> outages = watch.report("bad release (crash-looping Redis) until rolled back");
    assertNoSecret(r);
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    assertThat(r.err())
        .contains("deploy of release 0004 failed at")
        .contains("rolled back automatically to release 0002, which is running and healthy");
    assertThat(current()).isEqualTo("0002");
    assertThat(release("0004").get("outcome").asText()).isEqualTo("failed");
    assertThat(redisContainers()).hasSize(1);
    assertThat(redisMounts()).contains("releases/0002/config/redis.conf");
    assertThat(env.redis("GET", "frames:before-deploys")).isEqualTo("kept");
    assertOneShortOutageAtMost(outages);
    ok(env.cli("status", "-c", v2.toString()));
  }

  @Test
  @Order(70)
  void rollbackStopsProducersSnapshotsSwitchesAndIsTimed() throws IOException {
    assertThat(env.redis("SET", "frames:before-rollback", "yes")).isEqualTo("OK");
    RedisWatch watch = new RedisWatch(env);
    E2eEnvironment.Run r = ok(env.cli("rollback", "-c", v2.toString(), "--reason", "timed drill"));
    // issue 18 defect 7: the producers' up must not recreate Redis a second time
    assertOneShortOutageAtMost(watch.report("rollback (v2 -> v1, producers stopped first)"));
    assertThat(r.out())
        .contains("[2/9] choosing the release")
        .contains("[3/9] stopping producers")
        .contains("[4/9] snapshotting Redis (BGSAVE)")
        .contains("[8/9] starting producers")
        .containsPattern("rolled back to release 0001 in \\d+\\.\\d s");
    System.out.println("ROLLBACK TIME: " + r.took().toMillis() + " ms");
    assertThat(current()).isEqualTo("0001");
    assertThat(runningRedisImage())
        .isEqualTo(imageIdOf(release("0001").get("images").get("redis").asText()));
    assertThat(env.redis("GET", "frames:before-rollback")).isEqualTo("yes");
    assertThat(env.redis("GET", "frames:before-deploys")).isEqualTo("kept");
    assertThat(
            env.podman.podman(
                "ps",
                "--filter",
                "label=com.docker.compose.service=producer",
                "--format",
                "{{.Status}}"))
        .startsWith("Up");
  }

  /**
   * Issue 18 defect 4 and item 2: 'repair' is the way out of every stuck state; 'status' flags a
   * container that does not run its release's image.
   */
  @Test
  @Order(75)
  void repairReappliesTheCurrentReleaseFromEachStuckState() throws IOException {
    E2eEnvironment.Run same = env.cli("rollback", "-c", v2.toString(), "--to", current());
    assertThat(same.code()).isEqualTo(1);
    assertThat(same.err())
        .contains("is already the current release")
        .contains("deploy-agent repair");

    // stuck state 1: Redis runs another release's image (someone ran compose by hand)
    Procs.ok(
        env.podman.env,
        Duration.ofMinutes(2),
        "podman-compose",
        "-f",
        env.remoteDir().resolve("releases/0002/compose.yml").toString(),
        "-p",
        "e2e",
        "up",
        "-d",
        "--force-recreate",
        "--no-deps",
        "redis");
    assertThat(runningRedisImage())
        .isNotEqualTo(imageIdOf(release("0001").get("images").get("redis").asText()));
    E2eEnvironment.Run differs = env.cli("status", "-c", v2.toString());
    assertThat(differs.code()).as(differs.all()).isEqualTo(1);
    assertThat(differs.out())
        .containsPattern("DIFFERS redis: container \\S+ runs image \\w+, expected \\w+")
        .contains("run 'deploy-agent repair'");
    E2eEnvironment.Run repaired = ok(env.cli("repair", "-c", v2.toString(), "--reason", "drift"));
    assertThat(repaired.out()).contains("repaired: running release 0001");
    assertThat(runningRedisImage())
        .isEqualTo(imageIdOf(release("0001").get("images").get("redis").asText()));
    ok(env.cli("status", "-c", v2.toString()));

    // stuck state 2: the Redis container is gone
    env.podman.podman("rm", "-f", redisContainers().get(0));
    assertThat(env.cli("status", "-c", v2.toString()).out())
        .contains("DIFFERS redis: no container");
    ok(env.cli("repair", "-c", v2.toString()));
    assertThat(env.redis("GET", "frames:before-deploys")).isEqualTo("kept");

    // stuck state 3: a lock left by an agent that died
    ok(env.cli("lock", "-c", v2.toString(), "--reason", "agent died"));
    E2eEnvironment.Run locked = env.cli("repair", "-c", v2.toString());
    assertThat(locked.code()).isEqualTo(1);
    assertThat(locked.err()).contains("(lock: agent died)").contains("repair --force-unlock");
    ok(env.cli("repair", "-c", v2.toString(), "--force-unlock"));
    assertThat(Files.exists(env.remoteDir().resolve("lock"))).isFalse();
    ok(env.cli("status", "-c", v2.toString()));
  }

  @Test
  @Order(80)
  void secondConcurrentDeployRefusesOnTheLock() {
    CompletableFuture<E2eEnvironment.Run> first =
        CompletableFuture.supplyAsync(
            () ->
                env.cli("deploy", "-c", v2.toString(), "--tag", "v2", "--reason", "first of two"));
    Awaitility.await()
        .atMost(30, TimeUnit.SECONDS)
        .pollInterval(20, TimeUnit.MILLISECONDS)
        .until(() -> Files.exists(env.remoteDir().resolve("lock/info.json")) || first.isDone());
    E2eEnvironment.Run second =
        env.cli("deploy", "-c", v2.toString(), "--tag", "v2", "--reason", "second of two");
    assertThat(second.code()).isEqualTo(1);
    assertThat(second.err())
        .contains("is locked by e2e-tester@")
        .contains("(deploy: first of two)")
        .contains("deploy-agent repair --force-unlock");
    E2eEnvironment.Run r = first.join();
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(Files.exists(env.remoteDir().resolve("lock"))).isFalse();
  }

  @Test
  @Order(90)
  void lockAndUnlockCommandsAndForceUnlock() {
    ok(env.cli("lock", "-c", v2.toString(), "--reason", "maintenance window"));
    E2eEnvironment.Run refused = env.cli("rollback", "-c", v2.toString());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("(lock: maintenance window)");
    ok(env.cli("unlock", "-c", v2.toString()));
    ok(env.cli("lock", "-c", v2.toString(), "--reason", "stale"));
    E2eEnvironment.Run status = env.cli("status", "-c", v2.toString());
    assertThat(status.out()).contains("lock:    e2e-tester@");
    ok(env.cli("unlock", "-c", v2.toString()));
  }

  @Test
  @Order(100)
  void historyAndAuditTellTheStoryWithoutSecrets() throws IOException {
    E2eEnvironment.Run r = ok(env.cli("history", "-c", v2.toString(), "--json"));
    JsonNode releases = JSON.readTree(r.out()).get("releases");
    assertThat(releases).hasSizeGreaterThanOrEqualTo(4);
    assertThat(releases.toString()).contains("\"outcome\":\"failed\"").contains("e2e-tester@");
    assertThat(releases.get(0).get("current").asBoolean()).isTrue();
    String audit = Files.readString(env.remoteDir().resolve("audit.log"));
    assertThat(audit)
        .contains("action=preflight")
        .contains("action=deploy outcome=ok")
        .contains("action=deploy outcome=rolled-back")
        .contains("action=rollback outcome=ok")
        .contains("action=lock")
        .contains("action=unlock")
        .doesNotContain(E2eEnvironment.REDIS_PASSWORD)
        .doesNotContain(E2eEnvironment.REGISTRY_PASSWORD);
    for (String id : new String[] {"0001", "0002", "0003"}) {
      assertThat(Files.readString(env.remoteDir().resolve("releases/" + id + "/release.json")))
          .doesNotContain(E2eEnvironment.REDIS_PASSWORD);
    }
  }

  /**
   * Issue 18 defect 8: with less room on Redis's data disk than its dataset, preflight fails and
   * deploy stops before BGSAVE, so Redis never refuses writes (MISCONF) and nothing restarts.
   */
  @Test
  @Order(105)
  void aRedisDataDiskTooFullForBgsaveStopsTheDeployBeforeAnythingChanges() throws IOException {
    byte[] random = new byte[3 * 1024 * 1024];
    new java.util.Random(18).nextBytes(random);
    assertThat(env.redis("SET", "frames:big", java.util.Base64.getEncoder().encodeToString(random)))
        .isEqualTo("OK");
    assertThat(env.redis("SAVE")).isEqualTo("OK");
    String before = current();
    String redisContainer = redisContainers().get(0);
    Path filler = env.podman.volumes().resolve("filler");
    long free = Files.getFileStore(env.podman.volumes()).getUsableSpace();
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(filler.toFile(), "rw")) {
      byte[] block = new byte[1 << 20];
      long left = free - 512 * 1024;
      while (left > 0) {
        int n = (int) Math.min(block.length, left);
        f.write(block, 0, n);
        left -= n;
      }
    }
    try {
      E2eEnvironment.Run pre = env.cli("preflight", "-c", v2.toString());
      assertThat(pre.code()).as(pre.all()).isEqualTo(1);
      assertThat(pre.out()).containsPattern("FAIL +Redis data disk +0\\.\\d MiB free on \\S+");
      E2eEnvironment.Run r = env.cli("deploy", "-c", v2.toString(), "--tag", "v2");
      assertThat(r.code()).as(r.all()).isEqualTo(1);
      assertThat(r.err())
          .contains("not enough room for BGSAVE on")
          .contains("Redis holds")
          .contains("nothing was changed");
      assertThat(r.out()).contains("started the producers of release " + before + " again");
      assertThat(env.redis("SET", "frames:after-full-disk", "writable")).isEqualTo("OK");
      assertThat(current()).isEqualTo(before);
      assertThat(redisContainers()).containsExactly(redisContainer);
    } finally {
      Files.delete(filler);
      env.redis("DEL", "frames:big");
    }
    ok(env.cli("preflight", "-c", v2.toString()));
    ok(env.cli("status", "-c", v2.toString()));
  }

  /** Whether a compose {@code up} of this server's releases runs (as a process on this machine). */
  private boolean composeUpRunning() {
    return composeRunning(" up ");
  }

  private boolean composeRunning(String verb) {
    String releases = env.remoteDir().resolve("releases").toString();
    return ProcessHandle.allProcesses()
        .map(p -> String.join(" ", p.info().arguments().orElse(new String[0])))
        .anyMatch(a -> a.contains("podman-compose") && a.contains(releases) && a.contains(verb));
  }

  /** Issue 18 defect 6: the SSH connection cut while a rollback stops the producers. */
  @Test
  @Order(108)
  void aDroppedSshConnectionWhileARollbackStopsTheProducersEndsHealthy() throws IOException {
    String from = current();
    CompletableFuture<E2eEnvironment.Run> rollback =
        CompletableFuture.supplyAsync(
            () -> env.cli("rollback", "-c", v2.toString(), "--reason", "cut ssh in stop"));
    Awaitility.await()
        .atMost(2, TimeUnit.MINUTES)
        .pollInterval(20, TimeUnit.MILLISECONDS)
        .until(() -> composeRunning(" stop ") || rollback.isDone());
    assertThat(rollback.isDone()).as("the rollback reached its compose stop").isFalse();
    assertThat(env.sshd.dropConnections()).isPositive();
    E2eEnvironment.Run r = ok(rollback.join());
    assertThat(r.out()).contains("connected again").containsPattern("rolled back to release \\d+");
    assertThat(current()).isNotEqualTo(from);
    assertThat(Files.readString(env.remoteDir().resolve("audit.log")))
        .containsPattern("action=rollback outcome=ok .*reconnects=\\d");
    ok(env.cli("status", "-c", v2.toString()));
  }

  /**
   * Issue 18 defect 6: the SSH connection cut while the containers are being recreated; the
   * detached step goes on, the agent reconnects, follows it to the end and finishes healthy.
   */
  @Test
  @Order(107)
  void aDroppedSshConnectionDuringTheRolloutEndsHealthy() throws IOException {
    CompletableFuture<E2eEnvironment.Run> deploy =
        CompletableFuture.supplyAsync(
            () -> env.cli("deploy", "-c", v2.toString(), "--tag", "v2", "--reason", "cut ssh"));
    Awaitility.await()
        .atMost(3, TimeUnit.MINUTES)
        .pollInterval(50, TimeUnit.MILLISECONDS)
        .until(() -> composeUpRunning() || deploy.isDone());
    assertThat(deploy.isDone()).as("the deploy reached its compose up").isFalse();
    assertThat(env.sshd.dropConnections()).isPositive();
    E2eEnvironment.Run r = ok(deploy.join());
    assertThat(r.out()).contains("the SSH connection dropped").contains("connected again");
    assertThat(Files.readString(env.remoteDir().resolve("audit.log")))
        .containsPattern("action=deploy outcome=ok .*reconnects=\\d");
    assertThat(Files.exists(env.remoteDir().resolve("lock"))).isFalse();
    assertThat(release(current()).get("outcome").asText()).isEqualTo("live");
    ok(env.cli("status", "-c", v2.toString()));
  }

  /**
   * Issue 18 defect 5, and docs/deployment.md "Rotate secrets": redeploying the running version
   * with a new REDIS_PASSWORD snapshots with the old one and applies the new one; a rollback
   * afterwards brings the old release back with its old password.
   */
  @Test
  @Order(110)
  void secretRotationByRedeployingTheRunningVersion() throws IOException {
    String rotated = "e2e-Rotated-pw-43";
    String before = current();
    assertThat(env.redis("SET", "frames:before-rotation", "yes")).isEqualTo("OK");
    E2eEnvironment.Run r =
        env.cliWith(
            "REDIS_PASSWORD",
            rotated,
            "deploy",
            "-c",
            v2.toString(),
            "--tag",
            "v2",
            "--reason",
            "rotate");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.all()).doesNotContain(rotated).doesNotContain(E2eEnvironment.REDIS_PASSWORD);
    assertThat(r.out())
        .containsPattern("\\[6/11\\] snapshotting Redis \\(BGSAVE\\) \\.\\.\\. \\d+\\.\\d s\\R")
        .doesNotContain("no snapshot");
    assertThat(env.redisAs(rotated, "GET", "frames:before-rotation")).isEqualTo("yes");
    assertThatThrownBy(() -> env.redis("PING")).hasMessageContaining("AUTH");
    E2eEnvironment.Run status =
        env.cliWith("REDIS_PASSWORD", rotated, "status", "-c", v2.toString());
    assertThat(status.code()).as(status.all()).isZero();

    E2eEnvironment.Run back =
        env.cliWith("REDIS_PASSWORD", rotated, "rollback", "-c", v2.toString(), "--to", before);
    assertThat(back.code()).as(back.all()).isZero();
    assertThat(env.redis("GET", "frames:before-rotation")).isEqualTo("yes");
    assertThat(Files.readString(env.remoteDir().resolve("audit.log"))).doesNotContain(rotated);
  }

  /**
   * Issue 18 defect 7 / item 5: a release that changes only the exporter's files keeps Redis
   * running (same container, no outage) and recreates the exporter alone.
   */
  @Test
  @Order(120)
  void anExporterOnlyReleaseDoesNotRestartRedis() throws IOException {
    Path dir = env.root.resolve("cfg-exporter-only");
    Path cfg = E2eEnvironment.Env.withVersion(env.writeConfig(dir, "", "", ""), "v2");
    Files.writeString(
        dir.resolve("config/metrics"), "# exporter-only release\n" + E2eEnvironment.metrics("1.0"));
    ok(env.cli("deploy", "-c", v2.toString(), "--tag", "v2", "--reason", "same as running"));
    String redisBefore = redisContainers().get(0);
    String exporterBefore = containersOf("exporter");
    RedisWatch watch = new RedisWatch(env);
    E2eEnvironment.Run r = ok(env.cli("deploy", "-v", "-c", cfg.toString(), "--tag", "v2"));
    List<Duration> outages = watch.report("exporter-only release");
    assertThat(outages).as("Redis outages").isEmpty();
    assertThat(r.out())
        .contains("[7/11] recreating containers")
        .contains("(exporter; unchanged, kept running: redis)")
        .doesNotContain("Redis was recreated");
    assertThat(redisContainers()).containsExactly(redisBefore);
    assertThat(containersOf("exporter")).isNotEqualTo(exporterBefore);
    assertThat(redisMounts()).doesNotContain("releases/" + current() + "/");
    ok(env.cli("status", "-c", cfg.toString()));
  }

  /** Issue 18 defect 9: a registry that refuses the credentials says what to do. */
  @Test
  @Order(130)
  void aRefusedRegistryLoginSaysWhichCredentialsToFix() throws IOException {
    String before = current();
    E2eEnvironment.Run r =
        env.cliWith(
            "REGISTRY_PASSWORD", "not-the-token", "deploy", "-c", v2.toString(), "--tag", "v2");
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    assertThat(r.err())
        .contains("refused the login of e2e-pusher on the server")
        .contains("export REGISTRY_USERNAME and REGISTRY_PASSWORD of one account")
        .doesNotContain("not-the-token");
    assertThat(current()).isEqualTo(before);
    ok(env.cli("status", "-c", v2.toString()));
  }

  private String containersOf(String service) {
    return env.podman
        .podman("ps", "-a", "-q", "--filter", "label=com.docker.compose.service=" + service)
        .trim();
  }
}
