package io.detektr.ops;

import static io.detektr.ops.ExporterImageIT.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The loadtest image, built by loadtest/pom.xml's Jib configuration into a local registry (see
 * {@link JibBuild}): tags, image config, a class path with both providers, and that its own layers
 * start the CLI.
 */
class LoadtestImageIT {
  private static final String REPOSITORY = "detektr/loadtest";
  private static final String TAG = "89abcde";
  private static final String MAIN = "io.detektr.loadtest.cli.LoadTestCommand";
  private static LocalRegistry registry;
  private static Path work;
  private static Path rootfs;

  @BeforeAll
  static void build() throws Exception {
    registry = new LocalRegistry();
    work = Files.createTempDirectory("ops-loadtest-image-");
    JibBuild.module(registry, "loadtest", TAG, work.resolve("jib.log"));
    rootfs = JibBuild.unpack(registry, REPOSITORY, TAG, work.resolve("rootfs"));
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    RepoFiles.deleteTree(work);
  }

  @Test
  @DisplayName("pushed with the commit tag, main-<sha> and latest, all one image")
  void tags() throws Exception {
    String digest = registry.digest(REPOSITORY, TAG);
    assertThat(registry.tags(REPOSITORY)).containsExactlyInAnyOrder(TAG, "main-" + TAG, "latest");
    assertThat(registry.digest(REPOSITORY, "latest")).isEqualTo(digest);
    assertThat(registry.digest(REPOSITORY, "main-" + TAG)).isEqualTo(digest);
  }

  @Test
  @DisplayName("non-root user, the loadtest main as entrypoint, fixed creation time, title label")
  void imageConfig() throws Exception {
    JsonNode image = JibBuild.image(registry, REPOSITORY, TAG);
    assertThat(image.path("created").asText()).isEqualTo("1970-01-01T00:00:00Z");
    JsonNode c = image.path("config");
    assertThat(c.path("User").asText()).isEqualTo("65532:65532");
    assertThat(strings(c.path("Entrypoint")))
        .containsExactly("java", "-cp", "@/app/jib-classpath-file", MAIN);
    assertThat(c.path("Labels").path("org.opencontainers.image.title").asText())
        .isEqualTo("detektr-loadtest");
  }

  @Test
  @DisplayName("class path complete: both providers and the exporter bridge as jars")
  void classPathComplete() throws Exception {
    List<String> entries = classPath();
    assertThat(entries)
        .contains(
            "/app/classes",
            "/app/libs/broker-api-0.1.0-SNAPSHOT.jar",
            "/app/libs/broker-redis-0.1.0-SNAPSHOT.jar",
            "/app/libs/broker-rabbitmq-0.1.0-SNAPSHOT.jar",
            "/app/libs/exporter-bridge-0.1.0-SNAPSHOT.jar");
    for (String e : entries) {
      assertThat(inImage(e)).as("class path entry %s", e).exists();
      if (e.startsWith("/app/libs/")) {
        assertThat(inImage(e)).as("%s must be a jar", e).isRegularFile();
      }
    }
  }

  @Test
  @DisplayName("the image's own files start the CLI: --help exits 0 with the usage")
  void cliStartsFromItsLayers() throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                String.join(":", classPath().stream().map(e -> inImage(e).toString()).toList()),
                MAIN,
                "--help"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("Usage: loadtest").contains("--broker");
  }

  private static List<String> classPath() throws Exception {
    return List.of(Files.readString(inImage("/app/jib-classpath-file")).strip().split(":"));
  }

  private static Path inImage(String absolute) {
    return rootfs.resolve(absolute.substring(1));
  }
}
