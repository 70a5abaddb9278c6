package io.detektr.deploy.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.detektr.broker.tck.harness.FreePorts;
import io.detektr.broker.tck.harness.RedisServer;
import io.detektr.deploy.Secrets;
import io.detektr.deploy.config.DeployConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Every check type against a real service that is up, then down: each must fail when its service
 * does not serve (the exporter check on the metric's value, not on a help line).
 */
class HealthChecksIT {
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  final Secrets secrets = new Secrets(Map.of("PW", "tck-secret", "BAD", "wrong-pw")::get);
  final LoopbackRemote remote = new LoopbackRemote();

  static DeployConfig.Check check(String type, int port, String path, String expect, String pw) {
    return new DeployConfig.Check(type, type, "127.0.0.1", port, path, expect, pw, true);
  }

  CheckResult run(DeployConfig.Check c) {
    return Checks.of(c, secrets, TIMEOUT).run(remote);
  }

  @Test
  void redisCheckFailsOnAStoppedRedisAndAWrongPassword() {
    try (RedisServer redis = RedisServer.builder().password("tck-secret").start()) {
      assertThat(run(check("redis", redis.port(), "/", "", "PW")).ok()).isTrue();
      CheckResult wrong = run(check("redis", redis.port(), "/", "", "BAD"));
      assertThat(wrong.ok()).isFalse();
      assertThat(wrong.detail()).contains("AUTH refused");
      int port = redis.port();
      redis.kill();
      CheckResult down = run(check("redis", port, "/", "", "PW"));
      assertThat(down.ok()).as(down.toString()).isFalse();
    }
  }

  @Test
  void exporterCheckFailsWhenTheMetricSaysRedisIsDownOrTheExporterIsGone() throws Exception {
    AtomicReference<String> body =
        new AtomicReference<>(
            "# HELP redis_up 1 if the last scrape of Redis succeeded\n"
                + "# TYPE redis_up gauge\nredis_up 1.0\n");
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/metrics",
        ex -> {
          byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    http.start();
    int port = http.getAddress().getPort();
    DeployConfig.Check c = check("http", port, "/metrics", "redis_up 1", "");
    try {
      assertThat(run(c)).isEqualTo(CheckResult.ok("http", "200, redis_up == 1"));
      body.set(
          "# HELP redis_up 1 if the last scrape of Redis succeeded\n"
              + "# TYPE redis_up gauge\nredis_up 0.0\n");
      CheckResult redisDown = run(c);
      assertThat(redisDown.ok()).isFalse();
      assertThat(redisDown.detail()).contains("redis_up is 0.0, expected redis_up == 1");
      CheckResult notFound = run(check("http", port, "/nothing", "", ""));
      assertThat(notFound.ok()).isFalse();
      assertThat(notFound.detail()).contains("404");
    } finally {
      http.stop(0);
    }
    assertThat(run(c).ok()).isFalse();
  }

  @Test
  void tcpCheckFailsOnAClosedPort() throws Exception {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      assertThat(run(check("tcp", s.getLocalPort(), "/", "", "")).ok()).isTrue();
    }
    int closed = FreePorts.next();
    CheckResult down = run(check("tcp", closed, "/", "", ""));
    assertThat(down.ok()).as(down.toString()).isFalse();
    assertThat(down.detail()).contains("127.0.0.1:" + closed);
  }
}
