package io.detektr.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.detektr.broker.tck.harness.FreePorts;
import io.detektr.broker.tck.harness.RedisServer;
import io.detektr.broker.tck.harness.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The exporter-bridge image, built by exporter-bridge/pom.xml's Jib configuration into a local
 * registry (see {@link JibBuild}): tags, image config, that the compose service can run it as
 * written, that its class path is complete, and that its own layers serve {@code redis_up 1}.
 */
class ExporterImageIT {
  private static final String REPOSITORY = "detektr/exporter-bridge";
  private static final String TAG = "4567def";
  private static final String MAIN = "io.detektr.exporter.cli.ExporterMain";
  private static LocalRegistry registry;
  private static Path work;
  private static ImageLayers layers;
  private static String firstDigest;

  @BeforeAll
  static void build() throws Exception {
    registry = new LocalRegistry();
    work = Files.createTempDirectory("ops-exporter-image-");
    JibBuild.module(registry, "exporter-bridge", TAG, work.resolve("jib.log"));
    firstDigest = registry.digest(REPOSITORY, TAG);
    layers = new ImageLayers(JibBuild.unpack(registry, REPOSITORY, TAG, work.resolve("rootfs")));
  }

  @AfterAll
  static void stop() {
    JibBuild.cleanUp(registry, work);
  }

  @Test
  @DisplayName("pushed with the commit tag, main-<sha> and latest, all one image")
  void tags() throws Exception {
    JibBuild.assertTaggedAsOneImage(registry, REPOSITORY, TAG, firstDigest);
  }

  @Test
  @DisplayName("non-root user, the exporter main, listen on 9121 by default, port, OCI labels")
  void imageConfig() throws Exception {
    JsonNode image = JibBuild.image(registry, REPOSITORY, TAG);
    assertThat(image.path("created").asText()).isEqualTo("1970-01-01T00:00:00Z");
    JsonNode c = image.path("config");
    assertThat(c.path("User").asText()).isEqualTo("65532:65532");
    assertThat(strings(c.path("Entrypoint")))
        .containsExactly("java", "-cp", "@/app/jib-classpath-file", MAIN);
    assertThat(strings(c.path("Cmd"))).containsExactly("--listen", "0.0.0.0:9121");
    assertThat(fieldNames(c.path("ExposedPorts"))).containsExactly("9121/tcp");
    JsonNode labels = c.path("Labels");
    assertThat(labels.path("org.opencontainers.image.title").asText())
        .isEqualTo("detektr-exporter-bridge");
    assertThat(labels.path("org.opencontainers.image.description").asText()).contains("9121");
    assertThat(labels.path("org.opencontainers.image.base.name").asText())
        .isEqualTo("eclipse-temurin:17-jre");
    assertThat(labels.path("org.opencontainers.image.revision").asText()).isEqualTo(TAG);
  }

  @Test
  @DisplayName("the compose service fits: same user, its command replaces the default listen")
  void composeServiceFits() throws Exception {
    JsonNode service =
        Schemas.yaml(RepoFiles.read("docker-compose.broker.yml"))
            .path("services")
            .path("exporter-bridge");
    JsonNode c = JibBuild.config(registry, REPOSITORY, TAG);
    assertThat(service.path("image").asText()).contains("/exporter-bridge:${BROKER_IMAGE_TAG");
    assertThat(service.path("user").asText()).isEqualTo(c.path("User").asText());
    assertThat(service.has("entrypoint")).isFalse();
    // compose's command replaces Cmd and is appended to the Entrypoint; picocli refuses an
    // option given twice, so the entrypoint must not carry --listen itself
    List<String> argv = new ArrayList<>(strings(c.path("Entrypoint")));
    argv.addAll(strings(service.path("command")));
    assertThat(Collections.frequency(argv, "--listen")).isEqualTo(1);
    String listen = argv.get(argv.indexOf("--listen") + 1);
    assertThat(fieldNames(c.path("ExposedPorts")))
        .contains(listen.substring(listen.lastIndexOf(':') + 1) + "/tcp");
  }

  @Test
  @DisplayName("class path complete: every entry is in the layers, reactor modules as jars")
  void classPathComplete() throws Exception {
    List<String> entries = layers.classPath();
    assertThat(entries)
        .contains("/app/classes", "/app/libs/broker-api-0.1.0-SNAPSHOT.jar")
        .anyMatch(e -> e.matches("/app/libs/picocli-.*\\.jar"))
        .anyMatch(e -> e.matches("/app/libs/lettuce-core-.*\\.jar"))
        .anyMatch(e -> e.matches("/app/libs/slf4j-simple-.*\\.jar"))
        // broker-redis brings the one Redis URI grammar the exporter shares with the provider
        // (issue 19); the RabbitMQ provider stays a test dependency of exporter-bridge
        .anyMatch(e -> e.matches("/app/libs/broker-redis-.*\\.jar"))
        .noneMatch(e -> e.contains("broker-rabbitmq"));
    layers.assertClassPathInLayers(entries);
    assertThat(layers.file("/app/classes/io/detektr/exporter/cli/ExporterMain.class"))
        .isRegularFile();
  }

  @Test
  @DisplayName("the image's own files serve /metrics with redis_up 1 (the compose healthcheck)")
  void servesMetricsFromItsLayers() throws Exception {
    try (RedisServer redis = RedisServer.builder().password("ops-" + System.nanoTime()).start()) {
      int port = FreePorts.next();
      // the compose service's command, with its listen address moved to a free loopback port
      List<String> args =
          new ArrayList<>(
              strings(
                  Schemas.yaml(RepoFiles.read("docker-compose.broker.yml"))
                      .path("services")
                      .path("exporter-bridge")
                      .path("command")));
      args.set(args.indexOf("--listen") + 1, "127.0.0.1:" + port);
      List<String> cmd = layers.javaCommand(MAIN);
      cmd.addAll(args);
      // as the compose service does: the password from BROKER_PASSWORD, not in the URL
      ServerProcess exporter =
          new ServerProcess(
              "exporter-image",
              cmd,
              Map.of(
                  "BROKER_URL",
                  "redis://127.0.0.1:" + redis.port(),
                  "BROKER_PASSWORD",
                  redis.password()),
              Files.createDirectories(work.resolve("run")));
      try {
        exporter.start(port, Duration.ofSeconds(30));
        HttpResponse<String> r =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body().lines()).as(exporter.tail()).anyMatch(l -> l.startsWith("redis_up 1"));
      } finally {
        exporter.kill();
      }
    }
  }

  @Test
  @DisplayName("reproducible: building again gives the same digest")
  void reproducible() throws Exception {
    JibBuild.module(registry, "exporter-bridge", TAG, work.resolve("jib-again.log"));
    assertThat(registry.digest(REPOSITORY, TAG)).isEqualTo(firstDigest);
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static List<String> fieldNames(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
