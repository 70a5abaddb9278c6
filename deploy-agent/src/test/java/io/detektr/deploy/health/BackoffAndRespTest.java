package io.detektr.deploy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.detektr.deploy.Secrets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackoffAndRespTest {
  @Test
  void intervalsGrowUpToTheCap() {
    Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(2), 2.0);
    assertThat(b.schedule(Duration.ofSeconds(7)))
        .containsExactly(
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2));
  }

  @Test
  void respEncodesAndReads() throws Exception {
    assertThat(new String(Resp.encode("AUTH", "pw"), StandardCharsets.UTF_8))
        .isEqualTo("*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Resp r =
        new Resp(
            new ByteArrayInputStream(
                "+PONG\r\n$5\r\nhello\r\n-ERR no\r\n".getBytes(StandardCharsets.UTF_8)),
            out);
    assertThat(r.call("PING")).isEqualTo("PONG");
    assertThat(r.call("GET", "k")).isEqualTo("hello");
    assertThat(r.call("X")).isEqualTo("-ERR no");
  }

  @Test
  void secretsAreMasked() {
    Secrets s = new Secrets(Map.of("REDIS_PASSWORD", "s3cr3t-pw", "SHORT", "ab")::get);
    assertThat(s.require("REDIS_PASSWORD", "x")).isEqualTo("s3cr3t-pw");
    assertThat(s.mask("redis-server --requirepass s3cr3t-pw"))
        .isEqualTo("redis-server --requirepass ****");
    assertThat(s.get("MISSING")).isEmpty();
  }
}
