package io.detektr.deploy.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void buildPushesImagesFromScratchWithJib() {
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
        .containsPattern("\\[1/9\\] locking the server \\.\\.\\. \\d+\\.\\d s")
        .contains("[5/9] snapshotting Redis (BGSAVE) ... skipped (no running release)")
        .containsPattern("\\[8/9\\] verifying health \\.\\.\\. \\d+\\.\\d s")
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
    ok(env.cli("deploy", "-c", v2.toString(), "--tag", "v2", "--json"));
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
    Path served = env.remoteDir().resolve("releases/" + current() + "/config/metrics");
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

  @Test
  @Order(60)
  void brokenConfigFailsHealthAndRollsBackAutomatically() throws IOException {
    assertThat(env.redis("SET", "frames:just-before-broken-deploy", "42")).isEqualTo("OK");
    E2eEnvironment.Run r =
        env.cli("deploy", "-c", broken.toString(), "--tag", "v2", "--reason", "broken redis.conf");
    assertNoSecret(r);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("[7/9] verifying running images")
        .containsPattern("\\[8/9\\] verifying health .*FAILED: .*redis: PING answered")
        .contains("[rollback 1/3] recreating containers of release 0002")
        .contains("[rollback 3/3] verifying health");
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

  @Test
  @Order(70)
  void rollbackStopsProducersSnapshotsSwitchesAndIsTimed() throws IOException {
    assertThat(env.redis("SET", "frames:before-rollback", "yes")).isEqualTo("OK");
    E2eEnvironment.Run r = ok(env.cli("rollback", "-c", v2.toString(), "--reason", "timed drill"));
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
        .contains("deploy-agent unlock");
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
}
