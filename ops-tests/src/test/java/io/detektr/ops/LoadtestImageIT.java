package io.detektr.ops;

import static io.detektr.ops.ExporterImageIT.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private static ImageLayers layers;

  @BeforeAll
  static void build() throws Exception {
    registry = new LocalRegistry();
    work = Files.createTempDirectory("ops-loadtest-image-");
    JibBuild.module(registry, "loadtest", TAG, work.resolve("jib.log"));
    layers = new ImageLayers(JibBuild.unpack(registry, REPOSITORY, TAG, work.resolve("rootfs")));
  }

  @AfterAll
  static void stop() {
    JibBuild.cleanUp(registry, work);
  }

  @Test
  @DisplayName("pushed with the commit tag, main-<sha> and latest, all one image")
  void tags() throws Exception {
    JibBuild.assertTaggedAsOneImage(registry, REPOSITORY, TAG, registry.digest(REPOSITORY, TAG));
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
    List<String> entries = layers.classPath();
    assertThat(entries)
        .contains(
            "/app/classes",
            "/app/libs/broker-api-0.1.0-SNAPSHOT.jar",
            "/app/libs/broker-redis-0.1.0-SNAPSHOT.jar",
            "/app/libs/broker-rabbitmq-0.1.0-SNAPSHOT.jar",
            "/app/libs/exporter-bridge-0.1.0-SNAPSHOT.jar");
    layers.assertClassPathInLayers(entries);
  }

  @Test
  @DisplayName("the image's own files start the CLI: --help exits 0 with the usage")
  void cliStartsFromItsLayers() throws Exception {
    List<String> cmd = layers.javaCommand(MAIN);
    cmd.add("--help");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("Usage: loadtest").contains("--broker");
  }
}
