package io.detektr.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detektr.broker.tck.harness.FreePorts;
import io.detektr.broker.tck.harness.RespClient;
import io.detektr.broker.tck.harness.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Starts the real {@code redis-server} through {@code config/redis/redis-entrypoint.sh} with the
 * exact {@code config/redis/redis.conf}; only port and bind address are overridden on the command
 * line (the entrypoint passes extra arguments on) and the data dir set through {@code
 * REDIS_DATA_DIR}, as in the broker image.
 */
class RedisConfigIT {
  private static final Duration START = Duration.ofSeconds(20);

  private final String password = "ops-" + UUID.randomUUID();
  private Path dir;
  private int port;
  private ServerProcess redis;

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory("ops-redis-");
    port = FreePorts.next();
    redis =
        new ServerProcess(
            "redis-ops-" + port,
            entrypoint(port),
            Map.of(
                "REDIS_PASSWORD", password,
                "REDIS_DATA_DIR", dir.toString(),
                "REDIS_CONF", RepoFiles.file("config/redis/redis.conf").toString(),
                "REDIS_ACL_FILE", dir.resolve("acl/users.acl").toString()),
            dir);
    redis.start(port, START);
  }

  @AfterEach
  void stop() {
    if (redis != null) {
      redis.kill();
    }
    RepoFiles.deleteTree(dir);
  }

  private List<String> entrypoint(int port) {
    return List.of(
        "sh",
        RepoFiles.file("config/redis/redis-entrypoint.sh").toString(),
        "--port",
        Integer.toString(port),
        "--bind",
        "127.0.0.1");
  }

  private Object call(String... command) {
    return RespClient.call(port, password, command);
  }

  private String config(String name) {
    List<?> reply = (List<?>) call("CONFIG", "GET", name);
    assertThat(reply).as("CONFIG GET %s", name).hasSize(2);
    return (String) reply.get(1);
  }

  @Test
  @DisplayName("the settings of redis.conf are the ones the running server reports")
  void settingsAreLive() {
    assertThat(config("appendonly")).isEqualTo("yes");
    assertThat(config("appendfsync")).isEqualTo("everysec");
    assertThat(config("save")).isEqualTo("3600 1 300 100 60 10000");
    assertThat(config("maxmemory")).isEqualTo(Long.toString(2L * 1024 * 1024 * 1024));
    assertThat(config("maxmemory-policy")).isEqualTo("noeviction");
    assertThat(config("slowlog-log-slower-than")).isEqualTo("10000");
    assertThat(config("protected-mode")).isEqualTo("yes");
    assertThat(config("io-threads")).isEqualTo("4");
    assertThat(config("dir")).isEqualTo(dir.toString());
  }

  @Test
  @DisplayName("a password is required, and only its hash is on disk (mode 600)")
  void passwordRequired() throws Exception {
    assertThatThrownBy(() -> RespClient.call(port, null, "PING")).hasMessageContaining("NOAUTH");
    assertThatThrownBy(() -> RespClient.call(port, "wrong", "PING"))
        .hasMessageContaining("WRONGPASS");
    assertThat(call("PING")).isEqualTo("PONG");
    Path acl = dir.resolve("acl/users.acl");
    assertThat(Files.readString(acl)).startsWith("user default on #").doesNotContain(password);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(acl)))
        .isEqualTo("rw-------");
  }

  @Test
  @DisplayName("the entrypoint refuses to start Redis without a password")
  void noPasswordNoServer() throws Exception {
    Process p = new ProcessBuilder(entrypoint(FreePorts.next())).redirectErrorStream(true).start();
    p.getOutputStream().close();
    // the environment of this JVM has no REDIS_PASSWORD; make sure of it
    assertThat(System.getenv("REDIS_PASSWORD")).isNull();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as(output).isEqualTo(64);
    assertThat(output).contains("REDIS_PASSWORD");
  }

  @Test
  @DisplayName("frames and consumer groups survive a crash (AOF) and an RDB snapshot is written")
  void dataSurvivesCrash() throws Exception {
    call("XGROUP", "CREATE", "frames", "detector", "$", "MKSTREAM");
    for (int i = 0; i < 100; i++) {
      call("XADD", "frames", "*", "frame-id", Integer.toString(i), "camera-id", "cam-1");
    }
    assertThat(call("BGSAVE")).asString().contains("started");
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.isRegularFile(dir.resolve("dump.rdb")));
    call("XADD", "frames", "*", "frame-id", "100", "camera-id", "cam-1");
    // appendfsync everysec: writes older than ~1 s are on disk; wait past that, then crash
    Thread.sleep(2_000);
    redis.kill();
    redis.start(port, START);

    assertThat(call("XLEN", "frames")).isEqualTo(101L);
    List<?> groups = (List<?>) call("XINFO", "GROUPS", "frames");
    assertThat(groups).hasSize(1);
    assertThat(groups.get(0).toString()).contains("detector");
    assertThat(Files.isDirectory(dir.resolve("appendonlydir"))).isTrue();
  }
}
