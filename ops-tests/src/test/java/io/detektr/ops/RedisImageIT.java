package io.detektr.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Builds the Redis broker image with the module's own jib-maven-plugin configuration (a nested
 * {@code mvnw jib:build}, exactly what CI runs) into a real local registry, FROM scratch because
 * nothing can be pulled here (production uses the public Redis base), and reads manifest and
 * config back through the registry API.
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
    if (registry != null) {
      registry.close();
    }
    RepoFiles.deleteTree(work);
  }

  private static void jibBuild() throws Exception {
    Path root = RepoFiles.root();
    List<String> cmd = List.of(root.resolve("mvnw").toString(), "-B", "-q",
        "-f", root.resolve("ops-tests/pom.xml").toString(), "compile", "jib:build",
        "-Djib.from.image=scratch", "-Djib.allowInsecureRegistries=true",
        "-Ddetektr.image.prefix=" + registry.address() + "/detektr",
        "-Ddetektr.image.tag=" + TAG);
    Path log = work.resolve("jib.log");
    Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    p.getOutputStream().close();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("jib:build did not finish in 5 min:\n" + Files.readString(log));
    }
    assertThat(p.exitValue()).as("jib:build failed:\n%s", Files.readString(log)).isZero();
  }

  private static JsonNode config() throws Exception {
    JsonNode manifest = registry.manifest(REPOSITORY, TAG);
    String digest = manifest.path("config").path("digest").asText();
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(registry.blob(REPOSITORY, digest)).path("config");
  }

  @Test
  @DisplayName("pushed with the commit tag, main-<sha> and latest, all one image")
  void tags() throws Exception {
    assertThat(registry.tags(REPOSITORY)).containsExactlyInAnyOrder(TAG, "main-" + TAG, "latest");
    assertThat(registry.digest(REPOSITORY, "latest")).isEqualTo(firstDigest);
    assertThat(registry.digest(REPOSITORY, "main-" + TAG)).isEqualTo(firstDigest);
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
        .contains("redis-cli").contains("ping");
  }

  @Test
  @DisplayName("the layers carry this repository's redis.conf and entrypoint, byte for byte")
  void layersCarryConfig() throws Exception {
    Path out = Files.createDirectories(work.resolve("rootfs"));
    int i = 0;
    for (JsonNode layer : registry.manifest(REPOSITORY, TAG).path("layers")) {
      Path tgz = work.resolve("layer-" + i++ + ".tgz");
      Files.write(tgz, registry.blob(REPOSITORY, layer.path("digest").asText()));
      Process tar = new ProcessBuilder("tar", "-xzf", tgz.toString(), "-C", out.toString())
          .redirectErrorStream(true).start();
      assertThat(tar.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes())).isZero();
    }
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
