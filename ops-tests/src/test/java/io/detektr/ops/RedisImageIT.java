package io.detektr.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Builds the Redis broker image with the module's own jib-maven-plugin configuration (a nested
 * {@code mvnw jib:build}, exactly what CI runs) into a real local registry, FROM scratch because
 * nothing can be pulled here (production uses the public Redis base), and reads manifest and config
 * back through the registry API ({@link JibBuild}).
 */
class RedisImageIT {
  private static final String REPOSITORY = "detektr/redis";
  private static final String TAG = "0123abc";
  private static LocalRegistry registry;
  private static Path work;
  private static String firstDigest;

  @BeforeAll
  static void build() throws Exception {
    registry = new LocalRegistry();
    work = Files.createTempDirectory("ops-image-");
    jibBuild();
    firstDigest = registry.digest(REPOSITORY, TAG);
  }

  @AfterAll
  static void stop() {
    JibBuild.cleanUp(registry, work);
  }

  private static void jibBuild() throws Exception {
    JibBuild.pom(registry, "ops-tests/pom.xml", TAG, work.resolve("jib.log"));
  }

  private static JsonNode config() throws Exception {
    return JibBuild.config(registry, REPOSITORY, TAG);
  }

  @Test
  @DisplayName("pushed with the commit tag, main-<sha> and latest, all one image")
  void tags() throws Exception {
    JibBuild.assertTaggedAsOneImage(registry, REPOSITORY, TAG, firstDigest);
  }

  @Test
  @DisplayName("non-root user, entrypoint, port, data dir and labels are in the image config")
  void imageConfig() throws Exception {
    JsonNode c = config();
    assertThat(c.path("User").asText()).isEqualTo("999:999");
    assertThat(c.path("Entrypoint").toString())
        .isEqualTo("[\"sh\",\"/usr/local/etc/redis/redis-entrypoint.sh\"]");
    assertThat(c.path("ExposedPorts").has("6379/tcp")).isTrue();
    assertThat(c.path("WorkingDir").asText()).isEqualTo("/data");
    assertThat(c.path("Labels").path("org.opencontainers.image.title").asText())
        .isEqualTo("detektr-redis");
    assertThat(c.path("Labels").path("io.detektr.healthcheck").asText())
        .contains("redis-cli")
        .contains("ping");
  }

  @Test
  @DisplayName("the layers carry this repository's redis.conf and entrypoint, byte for byte")
  void layersCarryConfig() throws Exception {
    Path out = JibBuild.unpack(registry, REPOSITORY, TAG, work.resolve("rootfs"));
    Path etc = out.resolve("usr/local/etc/redis");
    assertThat(etc.resolve("redis.conf"))
        .hasSameBinaryContentAs(RepoFiles.file("config/redis/redis.conf"));
    assertThat(etc.resolve("redis-entrypoint.sh"))
        .hasSameBinaryContentAs(RepoFiles.file("config/redis/redis-entrypoint.sh"))
        .isExecutable();
  }

  @Test
  @DisplayName("reproducible: building again gives the same digest")
  void reproducible() throws Exception {
    jibBuild();
    assertThat(registry.digest(REPOSITORY, TAG)).isEqualTo(firstDigest);
  }
}
