package io.detektr.deploy.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 18 item 5: what makes Redis restart, and what does not. */
class ServiceFingerprintTest {
  static final String COMPOSE =
      "services:\n"
          + "  redis:\n"
          + "    image: r@sha256:aa\n"
          + "    command: [redis-server, /conf/redis.conf, --requirepass, '${REDIS_PASSWORD}']\n"
          + "    volumes: [redis-data:/data, ./config/redis.conf:/conf/redis.conf:ro]\n"
          + "  exporter:\n"
          + "    image: e@sha256:bb\n"
          + "    volumes: [./config/metrics:/www/metrics:ro]\n";

  static String redis(String compose, String conf, String password) {
    return ServiceFingerprint.of(
        compose,
        "redis",
        f ->
            Optional.of(
                (f.equals("config/redis.conf") ? conf : "other").getBytes(StandardCharsets.UTF_8)),
        Map.of("REDIS_PASSWORD", password, "UNUSED", "x"));
  }

  @Test
  void theSameImageConfigAndEnvGiveTheSameFingerprint() {
    String a = redis(COMPOSE, "port 6379\n", "pw");
    assertThat(redis(COMPOSE, "port 6379\n", "pw")).isEqualTo(a);
    // the exporter's image and files are no part of Redis
    assertThat(redis(COMPOSE.replace("e@sha256:bb", "e@sha256:cc"), "port 6379\n", "pw"))
        .isEqualTo(a);
  }

  @Test
  void anImageAConfigFileOrAVariableChangeChangesIt() {
    String a = redis(COMPOSE, "port 6379\n", "pw");
    assertThat(redis(COMPOSE.replace("r@sha256:aa", "r@sha256:ab"), "port 6379\n", "pw"))
        .isNotEqualTo(a);
    assertThat(redis(COMPOSE, "port 6379\nmaxmemory 2gb\n", "pw")).isNotEqualTo(a);
    assertThat(redis(COMPOSE, "port 6379\n", "rotated")).isNotEqualTo(a);
  }
}
