package io.detektr.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path minimal(String extra) throws IOException {
    Files.writeString(dir.resolve("id"), "key");
    Files.writeString(dir.resolve("known_hosts"), "");
    Files.writeString(dir.resolve("compose.yml"), "services: {redis: {image: x}}\n");
    Path f = dir.resolve("cfg.yml");
    Files.writeString(
        f,
        "host: h\nuser: u\nkeyPath: id\nknownHosts: known_hosts\nremoteDir: /srv/d\n"
            + "project: p\ncomposeFile: compose.yml\n"
            + extra);
    return f;
  }

  @Test
  void committedExampleIsValidAndDocumentsTheDefaults() throws IOException {
    Path example = Path.of("../deploy/nebula.yml");
    DeployConfig c = ConfigLoader.parse(Files.readString(example), example, false);
    assertThat(c.ssh().host()).isEqualTo("nebula.example.lan");
    assertThat(c.composeCommand()).containsExactly("docker", "compose");
    assertThat(c.services()).containsExactly("redis", "exporter-bridge");
    assertThat(c.producers()).isEmpty();
    assertThat(c.health().checks())
        .extracting(DeployConfig.Check::name)
        .containsExactly("redis", "exporter", "rabbitmq");
    assertThat(c.health().checks().get(2).enabled()).isFalse();
    assertThat(c.preflight().ports()).containsExactly(6379, 5672, 15672, 15692, 9121);
    assertThat(c.repository(c.images().get(0))).isEqualTo("ghcr.io/OWNER/detektr/redis");
    assertThat(c.secrets()).containsEntry("REDIS_PASSWORD", "REDIS_PASSWORD");
  }

  @Test
  void minimalConfigGetsDefaults() throws IOException {
    DeployConfig c = ConfigLoader.load(minimal(""));
    assertThat(c.ssh().port()).isEqualTo(22);
    assertThat(c.engine()).isEqualTo("docker");
    assertThat(c.composeCommand()).containsExactly("docker", "compose");
    assertThat(c.health().deadline()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.preflight().minFreeRamGiB()).isEqualTo(4.0);
    assertThat(c.preflight().networks()).containsExactly("detektor-network");
    assertThat(c.registry().url()).isEqualTo("ghcr.io/OWNER/detektr");
    assertThat(c.composeFile()).isEqualTo(dir.resolve("compose.yml"));
  }

  @Test
  void podmanEngineDefaultsToPodmanCompose() throws IOException {
    assertThat(ConfigLoader.load(minimal("engine: podman\n")).composeCommand())
        .containsExactly("podman-compose");
  }

  @Test
  void reportsEveryProblemAtOnce() throws IOException {
    Path f = dir.resolve("bad.yml");
    Files.writeString(
        f,
        String.join(
            "\n",
            "hsot: typo",
            "port: 70000",
            "remoteDir: relative/dir",
            "engine: lxc",
            "project: Bad Name",
            "composeFile: missing.yml",
            "producers: [capture]",
            "services: [redis]",
            "health:",
            "  deadline: soon",
            "  checks:",
            "    - {type: ftp, port: 21}",
            "    - {type: http, name: web, path: metrics}",
            "preflight: {ports: [6379, 99999], minFreeRamGiB: -1}",
            ""));
    assertThatThrownBy(() -> ConfigLoader.load(f))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "unknown key 'hsot' (known: commandTimeout, composeCommand, composeFile, connectTimeout, engine, files, "
                            + "health, host, images, keepReleases, keyPath, knownHosts, port, preflight, producers, project, "
                            + "registry, remoteDir, secrets, services, user)",
                        "host: is required",
                        "port: must be between 1 and 65535, got 70000",
                        "user: is required",
                        "keyPath: no readable private key at "
                            + Path.of(System.getProperty("user.home"), ".ssh/id_ed25519"),
                        "knownHosts: no readable known_hosts file at "
                            + Path.of(System.getProperty("user.home"), ".ssh/known_hosts")
                            + " (create it with: ssh-keyscan -p PORT HOST >> FILE, after checking the fingerprint)",
                        "remoteDir: must be an absolute path without '..', got 'relative/dir'",
                        "engine: must be docker or podman, got 'lxc'",
                        "project: must match [a-z0-9][a-z0-9_-]*, got 'Bad Name'",
                        "composeFile: no file at " + dir.resolve("missing.yml"),
                        "producers: 'capture' is not one of services [redis]",
                        "health.deadline: must be a duration such as 500ms, 30s, 2m; got 'soon'",
                        "health.checks[0].type: must be one of [http, redis, tcp], got 'ftp'",
                        "health.checks[1].port: is required",
                        "health.checks[1].path: must start with '/', got 'metrics'",
                        "preflight.ports: '99999' is not a port number (1-65535)",
                        "preflight.minFreeRamGiB: must be at least 0.0, got -1"))
        .hasMessageContaining("problems):");
  }

  @Test
  void durationsAcceptUnits() throws IOException {
    DeployConfig c =
        ConfigLoader.load(
            minimal("health: {deadline: 2m, initialInterval: 250ms, maxInterval: 3}\n"));
    assertThat(c.health().deadline()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.health().initialInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.health().maxInterval()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void notYamlIsOneProblem() {
    assertThatThrownBy(() -> ConfigLoader.parse("host: [unclosed", dir.resolve("x.yml")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(1)
                    .allSatisfy(p -> assertThat(p).startsWith("not valid YAML")));
  }

  @Test
  void imagesAreCheckedAgainstServices() throws IOException {
    Path f =
        minimal(
            "services: [redis]\nimages:\n  - {name: Exporter, service: exporter, layers: [{source: a, target: rel}]}\n"
                + "  - {name: ok}\n  - {name: ok, service: redis}\n");
    assertThatThrownBy(() -> ConfigLoader.load(f))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "images[0].name: must match [a-z0-9][a-z0-9._-]*, got 'Exporter'",
                        "images[0].service: 'exporter' is not one of services [redis]",
                        "images[0].layers[0].target: must be an absolute path in the image, got 'rel'",
                        "images[1].service: 'ok' is not one of services [redis]",
                        "images[2].name: 'ok' is used by two images"));
    assertThat(List.of()).isEmpty();
  }

  @Test
  void anHttpExpectationMustNameAMetricAndItsValue() throws IOException {
    Path f =
        minimal(
            "health: {checks: [{name: a, type: http, port: 9121, expect: 'redis_up 1'},"
                + " {name: b, type: http, port: 9121, expect: 'up is fine'}]}\n");
    assertThatThrownBy(() -> ConfigLoader.load(f))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("health.checks[1].expect: must be a metric and the value"));
  }
}
